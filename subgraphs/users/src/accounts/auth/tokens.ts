import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { ACCESS_TOKEN_ALG, ConfigError, type VerifyAuthorization } from '@clmb/common';
import type { StoredRole } from '@clmb/common/roles';
import { decodeJwt, importPKCS8, SignJWT } from 'jose';

interface AccessTokenSettings {
  privateKey: string;
  issuer: string;
  audience: string;
  accessTokenTtlSeconds: number;
}

/** Whom a token is for: `tokenGeneration` (claim `gen`) lets verifiers refuse it once revoked, `deviceId` (`sid`) names the login. */
interface TokenSubject {
  id: string;
  /** A retired SETTER may still be stored until the hand-over; verifiers read it as CLIMBER (common's auth.ts). */
  role: StoredRole;
  tokenGeneration: number;
  /** On some gym's staff: the `staff` claim, which the router's `staff` policy reads (docs/staff.md). */
  staff?: boolean;
}

export type SignAccessToken = (user: TokenSubject, deviceId: string) => Promise<{ token: string; expiresAt: Date }>;

/** Only the users service holds the private key; every subgraph verifies with the public one. */
export async function createAccessTokenSigner(settings: AccessTokenSettings): Promise<SignAccessToken> {
  const key = await importPKCS8(settings.privateKey, ACCESS_TOKEN_ALG).catch(() => {
    throw new ConfigError('Invalid configuration:\n  JWT_PRIVATE_KEY: must be an Ed25519 private key in PKCS#8 PEM');
  });
  return async (user, deviceId) => {
    const issuedAt = Math.floor(Date.now() / 1000);
    const expiresAt = issuedAt + settings.accessTokenTtlSeconds;
    const token = await new SignJWT({ role: user.role, gen: user.tokenGeneration, sid: deviceId, ...(user.staff && { staff: true }) })
      .setProtectedHeader({ alg: ACCESS_TOKEN_ALG, typ: 'JWT' })
      .setSubject(user.id)
      .setIssuer(settings.issuer)
      .setAudience(settings.audience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .setJti(randomUUID())
      .sign(key);
    return { token, expiresAt: new Date(expiresAt * 1000) };
  };
}

/** A private key that does not match the public one would issue tokens no subgraph accepts: refuse to start. */
export async function assertKeyPair(sign: SignAccessToken, verify: VerifyAuthorization): Promise<void> {
  const probe = await sign({ id: randomUUID(), role: 'CLIMBER', tokenGeneration: 0 }, randomUUID());
  const viewer = await verify(`Bearer ${probe.token}`).catch(() => null);
  if (!viewer) throw new ConfigError('Invalid configuration:\n  JWT_PRIVATE_KEY: does not match JWT_PUBLIC_KEY');
}

/**
 * A refresh token or a mailed link's token: random, not a JWT, and only its SHA-256 is stored, so
 * neither table leaks anything usable.
 */
export function newSecretToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashSecretToken(token) };
}

export const hashSecretToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * The successor of a presented refresh token, derived (HMAC) rather than random: two concurrent
 * refreshes of one token compute the same successor, so both can answer it without the plaintext
 * ever being stored. The key derives from the signing key, which only this service holds.
 */
export function createRefreshSuccessor(privateKeyPem: string): (presented: string) => { token: string; hash: string } {
  const key = createHash('sha256').update('clmb refresh-token successor\0').update(privateKeyPem).digest();
  return (presented) => {
    const token = createHmac('sha256', key).update(presented).digest('base64url');
    return { token, hash: hashSecretToken(token) };
  };
}

/** The login (`sid`) of a bearer token the verifier has already accepted. */
export function deviceIdOf(authorization: string | undefined): string | null {
  const token = authorization?.trim().slice('Bearer '.length);
  const sid = token ? decodeJwt(token)['sid'] : undefined;
  return typeof sid === 'string' ? sid : null;
}
