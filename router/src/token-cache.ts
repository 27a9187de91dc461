import { type MinGeneration, UnauthenticatedError, type VerifyAuthorization } from '@clmb/common';

/** Distinct tokens remembered at once; the oldest is forgotten first. */
const MAX_TOKENS = 10_000;

/** The `exp` (as ms) and `gen` claims of a token that has just been verified, so its payload is well-formed. */
function claimsOf(authorization: string): { until: number; generation: number } {
  const payload = authorization.split('.')[1] ?? '';
  const { exp, gen } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown; gen?: unknown };
  return { until: typeof exp === 'number' ? exp * 1000 : 0, generation: typeof gen === 'number' ? gen : 0 };
}

type Viewer = Awaited<ReturnType<VerifyAuthorization>>;

/**
 * Verifies each distinct Authorization header once and remembers it until the token expires: an
 * app sends the same access token with every request, and the signature check was a twentieth of
 * the router's CPU. Only successes are remembered; a bad token is checked (and refused) each time.
 * A remembered token is still held against its user's revocations (`minGeneration`, one Map
 * lookup), so logging out everywhere stops it here as soon as the revocation is known.
 */
export function cacheVerifiedTokens(verify: VerifyAuthorization, minGeneration: MinGeneration = () => undefined): VerifyAuthorization {
  const verified = new Map<string, { viewer: Viewer; until: number; generation: number }>();
  return async (authorization) => {
    if (!authorization) return null;
    const known = verified.get(authorization);
    if (known && known.until > Date.now()) {
      if (known.viewer && known.generation < (minGeneration(known.viewer.id) ?? 0)) {
        verified.delete(authorization);
        throw new UnauthenticatedError('The access token has been revoked.', { rejectRequest: true });
      }
      return known.viewer;
    }
    if (known) verified.delete(authorization);
    const viewer = await verify(authorization);
    if (verified.size >= MAX_TOKENS) verified.delete(verified.keys().next().value as string);
    verified.set(authorization, { viewer, ...claimsOf(authorization) });
    return viewer;
  };
}
