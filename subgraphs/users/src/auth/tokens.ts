import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { ACCESS_TOKEN_ALG, ConfigError, type Role, type VerifyAuthorization } from '@clmb/common';
import { importPKCS8, SignJWT } from 'jose';

export interface AccessTokenSettings {
  privateKey: string;
  issuer: string;
  audience: string;
  accessTokenTtlSeconds: number;
}

export type SignAccessToken = (user: { id: string; role: Role }) => Promise<{ token: string; expiresAt: Date }>;

/** Only the users service holds the private key; every subgraph verifies with the public one. */
export async function createAccessTokenSigner(settings: AccessTokenSettings): Promise<SignAccessToken> {
  const key = await importPKCS8(settings.privateKey, ACCESS_TOKEN_ALG).catch(() => {
    throw new ConfigError('Invalid configuration:\n  JWT_PRIVATE_KEY: must be an Ed25519 private key in PKCS#8 PEM');
  });
  return async (user) => {
    const issuedAt = Math.floor(Date.now() / 1000);
    const expiresAt = issuedAt + settings.accessTokenTtlSeconds;
    const token = await new SignJWT({ role: user.role })
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
  const probe = await sign({ id: randomUUID(), role: 'CLIMBER' });
  const viewer = await verify(`Bearer ${probe.token}`).catch(() => null);
  if (!viewer) throw new ConfigError('Invalid configuration:\n  JWT_PRIVATE_KEY: does not match JWT_PUBLIC_KEY');
}

/** Refresh tokens are random, not JWTs: only their SHA-256 is stored, so the table leaks nothing usable. */
export function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashRefreshToken(token) };
}

export const hashRefreshToken = (token: string): string => createHash('sha256').update(token).digest('hex');
