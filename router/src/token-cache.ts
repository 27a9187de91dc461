import type { VerifyAuthorization } from '@clmb/common';

/** Distinct tokens remembered at once; the oldest is forgotten first. */
const MAX_TOKENS = 10_000;

/** The `exp` claim (seconds) of a token that has just been verified, so its payload is well-formed. */
function expiresAt(authorization: string): number {
  const payload = authorization.split('.')[1] ?? '';
  const { exp } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
  return typeof exp === 'number' ? exp * 1000 : 0;
}

/**
 * Verifies each distinct Authorization header once and remembers it until the token expires: an
 * app sends the same access token with every request, and the signature check was a twentieth of
 * the router's CPU. Only successes are remembered; a bad token is checked (and refused) each time.
 */
export function cacheVerifiedTokens(verify: VerifyAuthorization): VerifyAuthorization {
  const verified = new Map<string, { viewer: Awaited<ReturnType<VerifyAuthorization>>; until: number }>();
  return async (authorization) => {
    if (!authorization) return null;
    const known = verified.get(authorization);
    if (known && known.until > Date.now()) return known.viewer;
    if (known) verified.delete(authorization);
    const viewer = await verify(authorization);
    if (verified.size >= MAX_TOKENS) verified.delete(verified.keys().next().value as string);
    verified.set(authorization, { viewer, until: expiresAt(authorization) });
    return viewer;
  };
}
