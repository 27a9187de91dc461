import { createAuthorizationVerifier } from '@clmb/common';
import { generateSigningKeys } from '@clmb/testkit';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './passwords';
import { assertKeyPair, createAccessTokenSigner, hashRefreshToken, newRefreshToken } from './tokens';

describe('access tokens', () => {
  it('are EdDSA JWTs that the shared verifier accepts', async () => {
    const keys = await generateSigningKeys();
    const settings = { privateKey: keys.JWT_PRIVATE_KEY, issuer: 'clmb', audience: 'clmb-api', accessTokenTtlSeconds: 60 };
    const sign = await createAccessTokenSigner(settings);
    const user = { id: crypto.randomUUID(), role: 'SETTER' as const };
    const { token, expiresAt } = await sign(user);
    const verify = await createAuthorizationVerifier(keys.JWT_PUBLIC_KEY, settings);
    expect(await verify(`Bearer ${token}`)).toEqual(user);
    const claims = decodeJwt(token);
    expect(claims).toEqual({ sub: user.id, role: 'SETTER', iss: 'clmb', aud: 'clmb-api', iat: expect.any(Number), exp: claims.iat! + 60, jti: expect.any(String) });
    expect(expiresAt.getTime()).toBe(claims.exp! * 1000);
    expect((await sign(user)).token).not.toBe(token);
  });
});

describe('refresh tokens', () => {
  it('are 32 random bytes, stored only as their SHA-256', () => {
    const { token, hash } = newRefreshToken();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRefreshToken(token)).toBe(hash);
    expect(newRefreshToken().token).not.toBe(token);
  });
});

describe('passwords', () => {
  it('are hashed with argon2id and verified', async () => {
    const hash = await hashPassword('correct horse');
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hash, 'correct horse')).toBe(true);
    expect(await verifyPassword(hash, 'wrong horse')).toBe(false);
  });

  it('never match an account without a password', async () => {
    expect(await verifyPassword(null, 'anything')).toBe(false);
  });
});

describe('key checks at start-up', () => {
  it('refuse a private key that is not Ed25519 PKCS#8, or not the public key’s pair', async () => {
    const [keys, other] = [await generateSigningKeys(), await generateSigningKeys()];
    const settings = { issuer: 'clmb', audience: 'clmb-api', accessTokenTtlSeconds: 60 };
    const garbage = '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----';
    await expect(createAccessTokenSigner({ ...settings, privateKey: garbage })).rejects.toThrow(/JWT_PRIVATE_KEY/);
    const sign = await createAccessTokenSigner({ ...settings, privateKey: other.JWT_PRIVATE_KEY });
    const verify = await createAuthorizationVerifier(keys.JWT_PUBLIC_KEY, settings);
    await expect(assertKeyPair(sign, verify)).rejects.toThrow('JWT_PRIVATE_KEY: does not match JWT_PUBLIC_KEY');
    await expect(assertKeyPair(await createAccessTokenSigner({ ...settings, privateKey: keys.JWT_PRIVATE_KEY }), verify)).resolves.toBeUndefined();
  });
});
