import { errors as joseErrors, importSPKI, jwtVerify } from 'jose';
import { ForbiddenError, UnauthenticatedError } from './errors';

export const ROLES = ['CLIMBER', 'SETTER', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

/** Who is asking: the verified subject and role of the access token, or nobody. */
export interface Viewer {
  id: string;
  role: Role;
}

/** Ed25519: small keys and signatures, fast to verify, no parameter choices to get wrong. */
export const ACCESS_TOKEN_ALG = 'EdDSA';

export interface TokenSettings {
  issuer: string;
  audience: string;
}

const reject = { rejectRequest: true };

export type VerifyAuthorization = (authorization: string | undefined) => Promise<Viewer | null>;

/**
 * Returns a function that turns an `Authorization` header into a Viewer. No header means an
 * anonymous request; a header that is not a valid, unexpired token from our issuer for our
 * audience is UNAUTHENTICATED, never silently anonymous: thrown from a context factory, the whole
 * request is answered with 401 (Apollo would otherwise say 500).
 */
export async function createAuthorizationVerifier(publicKeyPem: string, settings: TokenSettings): Promise<VerifyAuthorization> {
  const key = await importSPKI(publicKeyPem, ACCESS_TOKEN_ALG);
  return async (authorization) => {
    if (!authorization) return null;
    const match = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(authorization.trim());
    if (!match?.[1]) throw new UnauthenticatedError('The Authorization header must be "Bearer <access token>".', reject);
    try {
      const { payload } = await jwtVerify(match[1], key, {
        algorithms: [ACCESS_TOKEN_ALG],
        issuer: settings.issuer,
        audience: settings.audience,
        requiredClaims: ['sub', 'exp'],
      });
      const role = payload['role'];
      if (typeof payload.sub !== 'string' || !ROLES.includes(role as Role)) throw new joseErrors.JWTInvalid('bad claims');
      return { id: payload.sub, role: role as Role };
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
