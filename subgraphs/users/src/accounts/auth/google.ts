import { UnauthenticatedError } from '@clmb/common';
import { createRemoteJWKSet, errors, type JWTVerifyGetKey, jwtVerify } from 'jose';

interface GoogleSettings {
  /** The app's OAuth client ids: a token must be issued to one of them. */
  clientIds: string[];
  jwksUrl: string;
  issuers: string[];
}

/** What a verified Google ID token says about its holder. */
export interface GoogleIdentity {
  sub: string;
  email: string | null;
  emailVerified: boolean;
  givenName: string | null;
  familyName: string | null;
  /** When Google issued the token (seconds since the epoch; always set by the verifier): how recent the sign-in is. */
  issuedAt?: number;
}

export type VerifyGoogleIdToken = (idToken: string) => Promise<GoogleIdentity>;

/** Failing to fetch Google's keys is our outage, not the client's bad token: it must not read as UNAUTHENTICATED. */
class KeySetUnavailable extends Error {
  override name = 'KeySetUnavailable';
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.trim() : null);

/**
 * Verifies Google ID tokens offline against Google's published keys (fetched from
 * GOOGLE_JWKS_URL, cached and refreshed by jose when an unknown key id appears): RS256 signature,
 * expiry, issuer and audience. Any failure of the token itself is UNAUTHENTICATED.
 */
export function createGoogleVerifier(settings: GoogleSettings): VerifyGoogleIdToken {
  const jwks = createRemoteJWKSet(new URL(settings.jwksUrl));
  const getKey: JWTVerifyGetKey = async (header, token) => {
    try {
      return await jwks(header, token);
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) throw error;
      throw new KeySetUnavailable(`cannot load Google's signing keys from ${settings.jwksUrl}`, { cause: error });
    }
  };
  return async (idToken) => {
    try {
      const { payload } = await jwtVerify(idToken, getKey, {
        algorithms: ['RS256'],
        issuer: settings.issuers,
        audience: settings.clientIds,
        requiredClaims: ['sub', 'exp', 'iat'],
        // Phones' clocks drift; a few seconds either way is not an attack.
        clockTolerance: 30,
      });
      const sub = text(payload.sub);
      // OpenID Connect caps the subject at 255 ASCII characters; anything else is not Google's.
      if (!sub || sub.length > 255) throw new errors.JWTClaimValidationFailed('sub must be a string of at most 255 characters', payload, 'sub');
      return {
        sub,
        email: text(payload['email'])?.toLowerCase() ?? null,
        // Older Google tokens carry the flag as a string.
        emailVerified: payload['email_verified'] === true || payload['email_verified'] === 'true',
        givenName: text(payload['given_name']),
        familyName: text(payload['family_name']),
        // Required above.
        issuedAt: payload.iat as number,
      };
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new UnauthenticatedError('The Google ID token has expired.');
      if (error instanceof errors.JOSEError) throw new UnauthenticatedError('The Google ID token is invalid.');
      throw error;
    }
  };
}
