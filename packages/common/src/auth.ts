import { errors as joseErrors, importSPKI, jwtVerify } from 'jose';
import { ForbiddenError, UnauthenticatedError } from './errors';
import type { IsRevoked, RevocableToken } from './revocations';
import { ROLES, type Role, roleOf as storedRole } from './roles';

/** Who is asking: the verified subject and role of the access token, or nobody. */
export interface Viewer {
  id: string;
  role: Role;
  /**
   * The token's `staff` claim: the user was on some gym's staff when it was signed. Only the
   * router's `staff` policy reads it (a screen); the gyms service checks the gym's staff itself.
   */
  staff?: boolean;
}

/**
 * A token's `role` claim as a Role. SETTER was a global role until gyms had staff (docs/staff.md):
 * a token signed before the hand-over may still say it for up to its lifetime, and verifies as a
 * CLIMBER; the gyms service's staff rows decide what that user may write.
 */
function roleOf(claim: unknown): Role | null {
  if (claim === 'SETTER') return storedRole(claim);
  return ROLES.includes(claim as Role) ? (claim as Role) : null;
}

/** Ed25519: small keys and signatures, fast to verify, no parameter choices to get wrong. */
export const ACCESS_TOKEN_ALG = 'EdDSA';

export interface TokenSettings {
  issuer: string;
  audience: string;
}

const reject = { rejectRequest: true };

export type VerifyAuthorization = (authorization: string | undefined) => Promise<Viewer | null>;

/** Distinct tokens whose verified claims a verifier remembers; the oldest is forgotten first. */
const VERIFIED_TOKENS = 10_000;

/** What a token's signature and claims were found to say: kept per token until it expires. */
interface VerifiedClaims {
  viewer: Viewer;
  /** What the revocation check needs, built once. */
  token: RevocableToken;
  /** `exp`, in seconds since the epoch. */
  expiresAt: number;
}

/**
 * Returns a function that turns an `Authorization` header into a Viewer. No header means an
 * anonymous request; a header that is not a valid, unexpired token from our issuer for our
 * audience is UNAUTHENTICATED, never silently anonymous: thrown from a context factory, the whole
 * request is answered with 401 (Apollo would otherwise say 500).
 *
 * A client sends the same token with every request: its signature and claims are checked once and
 * the result kept until the token expires (up to VERIFIED_TOKENS tokens); expiry and revocation
 * are checked on every request. Only tokens that passed are kept.
 */
export async function createAuthorizationVerifier(
  publicKeyPem: string,
  settings: TokenSettings,
  isRevoked?: IsRevoked,
): Promise<VerifyAuthorization> {
  const key = await importSPKI(publicKeyPem, ACCESS_TOKEN_ALG);
  const verified = new Map<string, VerifiedClaims>();
  const verify = async (token: string): Promise<VerifiedClaims> => {
    const { payload } = await jwtVerify(token, key, {
      algorithms: [ACCESS_TOKEN_ALG],
      issuer: settings.issuer,
      audience: settings.audience,
      requiredClaims: ['sub', 'exp'],
    });
    const role = roleOf(payload['role']);
    if (typeof payload.sub !== 'string' || !role) throw new joseErrors.JWTInvalid('bad claims');
    // Tokens issued before generations (devices) existed carry none: generation 0 (no device).
    const generation = typeof payload['gen'] === 'number' ? payload['gen'] : 0;
    const deviceId = typeof payload['sid'] === 'string' ? payload['sid'] : null;
    const viewer: Viewer = { id: payload.sub, role, ...(payload['staff'] === true && { staff: true }) };
    const claims = { viewer, token: { userId: payload.sub, generation, deviceId }, expiresAt: payload.exp! };
    if (verified.size >= VERIFIED_TOKENS) verified.delete(verified.keys().next().value!);
    verified.set(token, claims);
    return claims;
  };
  return async (authorization) => {
    if (!authorization) return null;
    const match = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(authorization.trim());
    if (!match?.[1]) throw new UnauthenticatedError('The Authorization header must be "Bearer <access token>".', reject);
    const token = match[1];
    try {
      let claims = verified.get(token);
      // jose's rule: expired once `exp` is not after now (in whole seconds).
      if (claims && claims.expiresAt <= Math.floor(Date.now() / 1000)) {
        verified.delete(token);
        throw new UnauthenticatedError('The access token has expired.', reject);
      }
      claims ??= await verify(token);
      if (isRevoked?.(claims.token)) throw new UnauthenticatedError('The access token has been revoked.', reject);
      return { ...claims.viewer };
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw new UnauthenticatedError('The access token has expired.', reject);
      if (error instanceof joseErrors.JOSEError) throw new UnauthenticatedError('The access token is invalid.', reject);
      throw error;
    }
  };
}

export function requireViewer(viewer: Viewer | null): Viewer {
  if (!viewer) throw new UnauthenticatedError();
  return viewer;
}

export function requireRole(viewer: Viewer | null, ...roles: Role[]): Viewer {
  const v = requireViewer(viewer);
  if (!roles.includes(v.role)) throw new ForbiddenError(`This needs one of the roles ${roles.join(', ')}.`);
  return v;
}
