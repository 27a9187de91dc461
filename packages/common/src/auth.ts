import { errors as joseErrors, importSPKI, jwtVerify } from 'jose';
import { ForbiddenError, UnauthenticatedError } from './errors';
import type { Logger } from './logger';
import { SUBGRAPH_SECRET_HEADER } from './subgraph-secret';

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

/** Distinct tokens whose verified claims a verifier remembers; the oldest is forgotten first. */
const VERIFIED_TOKENS = 10_000;

/** What a token's signature and claims were found to say: kept per token until it expires. */
interface VerifiedClaims {
  viewer: Viewer;
  generation: number;
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
  minGeneration?: MinGeneration,
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
    const role = payload['role'];
    if (typeof payload.sub !== 'string' || !ROLES.includes(role as Role)) throw new joseErrors.JWTInvalid('bad claims');
    // Tokens issued before generations existed carry none: generation 0.
    const generation = typeof payload['gen'] === 'number' ? payload['gen'] : 0;
    const claims = { viewer: { id: payload.sub, role: role as Role }, generation, expiresAt: payload.exp! };
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
      if (claims.generation < (minGeneration?.(claims.viewer.id) ?? 0)) throw new UnauthenticatedError('The access token has been revoked.', reject);
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

// ---------------------------------------------------------------------------------------------
// Token revocation ("tokens valid after"). Each access token carries its user's token generation
// (`gen`); logging out everywhere, a password change, a role change, disabling or deleting an
// account raise it in the users service. Every verifier keeps the recent raises in memory,
// refreshed every few seconds from the users service, so a revoked token stops within seconds
// at the cost of one Map lookup per request.

/** The lowest generation a user's access tokens must carry, when their tokens were revoked recently. */
export type MinGeneration = (userId: string) => number | undefined;

export interface TokenRevocation {
  userId: string;
  generation: number;
  revokedAt: Date;
}

/** Revocations since `since` (all recent ones when null), and the time they are complete up to. */
export type RevocationSource = (since: Date | null) => Promise<{ revocations: TokenRevocation[]; asOf: Date }>;

export interface RevocationCacheOptions {
  source: RevocationSource;
  /** How often to ask; the delay before a revocation takes effect elsewhere. */
  intervalMs?: number;
  /** The access-token lifetime: an older revocation concerns only expired tokens and is forgotten. */
  maxTokenAgeMs: number;
  onError: (error: unknown) => void;
}

// A transaction that revoked before `asOf` may commit after it: each poll looks this far back again.
const OVERLAP_MS = 5_000;

/**
 * The verifier's memory of recent revocations. If the users service cannot be asked, it keeps
 * what it knew (a revoked token then lives at most until it expires) and reports the error.
 */
export function createRevocationCache(options: RevocationCacheOptions) {
  const entries = new Map<string, TokenRevocation>();
  let since: Date | null = null;
  const note = (revocation: TokenRevocation) => {
    const known = entries.get(revocation.userId);
    if (!known || known.generation < revocation.generation) entries.set(revocation.userId, revocation);
  };
  async function refresh(): Promise<void> {
    const { revocations, asOf } = await options.source(since);
    for (const revocation of revocations) note(revocation);
    since = new Date(asOf.getTime() - OVERLAP_MS);
    const oldest = asOf.getTime() - options.maxTokenAgeMs - OVERLAP_MS;
    for (const [userId, entry] of entries) if (entry.revokedAt.getTime() < oldest) entries.delete(userId);
  }
  const timer = setInterval(() => refresh().catch(options.onError), options.intervalMs ?? 2_000);
  timer.unref();
  return {
    minGeneration: ((userId) => entries.get(userId)?.generation) as MinGeneration,
    /** A revocation made in this process: effective at once, without waiting for the next poll. */
    note,
    /** Loads what is known now; call once at start, so a new replica does not start blind. */
    refresh,
    stop: () => clearInterval(timer),
  };
}

export type RevocationCache = ReturnType<typeof createRevocationCache>;

const REVOCATIONS_QUERY = 'query TokenRevocations($since: DateTime) { _tokenRevocations(since: $since) { asOf revocations { userId generation revokedAt } } }';

/** Asks the users subgraph (router and gyms): a field only callers holding the subgraph secret reach. */
export function usersRevocationSource(usersUrl: string, subgraphSecret: string | undefined, timeoutMs = 2_000): RevocationSource {
  return async (since) => {
    const response = await fetch(usersUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(subgraphSecret ? { [SUBGRAPH_SECRET_HEADER]: subgraphSecret } : {}) },
      body: JSON.stringify({ query: REVOCATIONS_QUERY, variables: { since: since?.toISOString() ?? null } }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await response.json()) as { data?: { _tokenRevocations: { asOf: string; revocations: { userId: string; generation: number; revokedAt: string }[] } } };
    const feed = body.data?._tokenRevocations;
    if (!feed) throw new Error(`token revocations: the users service answered ${response.status}`);
    return {
      asOf: new Date(feed.asOf),
      revocations: feed.revocations.map((r) => ({ userId: r.userId, generation: r.generation, revokedAt: new Date(r.revokedAt) })),
    };
  };
}

/**
 * The longest access-token lifetime the users service can be configured with (ACCESS_TOKEN_TTL_SECONDS
 * ≤ 1 day): a verifier that does not know the configured one forgets a revocation after this long.
 */
const MAX_ACCESS_TOKEN_AGE_MS = 86_400_000;

/** Services start together: until the users service first answers, this long passes without a warning. */
const START_GRACE_MS = 60_000;

/**
 * The router's and the gyms service's revocation cache, fed by the users service's feed every
 * `intervalMs`. Start-up does not wait for the users service: if it cannot be asked yet, the
 * first poll that succeeds fills the cache. An outage is logged when it starts and when it ends,
 * not every poll (and not in the first minute while the users service has never answered: the
 * services start together); meanwhile the cache keeps what it knew.
 */
export async function watchTokenRevocations(options: {
  /** The users subgraph's GraphQL URL (asked each time: the router learns it from the supergraph). */
  usersUrl: () => string | undefined;
  subgraphSecret: string | undefined;
  logger: Logger;
  intervalMs?: number;
}): Promise<RevocationCache> {
  const startedAt = Date.now();
  let answered = false;
  let warned = false;
  const source: RevocationSource = async (since) => {
    const url = options.usersUrl();
    if (!url) throw new Error('token revocations: no URL for the users subgraph');
    const feed = await usersRevocationSource(url, options.subgraphSecret)(since);
    if (warned) options.logger.info('token revocations: the users service answers again');
    answered = true;
    warned = false;
    return feed;
  };
  const onError = (error: unknown) => {
    if (warned || (!answered && Date.now() - startedAt < START_GRACE_MS)) return;
    options.logger.warn({ err: error }, 'token revocations: cannot ask the users service; keeping what is known');
    warned = true;
  };
  const cache = createRevocationCache({ source, maxTokenAgeMs: MAX_ACCESS_TOKEN_AGE_MS, onError, ...(options.intervalMs && { intervalMs: options.intervalMs }) });
  await cache.refresh().catch(onError);
  return cache;
}
