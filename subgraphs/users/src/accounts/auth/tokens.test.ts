import { createAuthorizationVerifier, createRevocationCache } from '@clmb/common';
import { generateSigningKeys } from '@clmb/testkit';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './passwords';
import { assertKeyPair, createAccessTokenSigner, createRefreshSuccessor, deviceIdOf, hashSecretToken, newSecretToken } from './tokens';

describe('access tokens', () => {
  it('are EdDSA JWTs that the shared verifier accepts, until their generation or their device is revoked', async () => {
    const keys = await generateSigningKeys();
    const settings = { privateKey: keys.JWT_PRIVATE_KEY, issuer: 'clmb', audience: 'clmb-api', accessTokenTtlSeconds: 60 };
    const sign = await createAccessTokenSigner(settings);
    const user = { id: crypto.randomUUID(), role: 'CLIMBER' as const, tokenGeneration: 2, staff: true };
    const deviceId = crypto.randomUUID();
    const { token, expiresAt } = await sign(user, deviceId);
    const source = async () => ({ revocations: [], devices: [], asOf: new Date() });
    const revocations = createRevocationCache({ source, maxTokenAgeMs: 60_000, onError: () => {} });
    revocations.stop();
    const verify = await createAuthorizationVerifier(keys.JWT_PUBLIC_KEY, settings, revocations.isRevoked);
    expect(await verify(`Bearer ${token}`)).toEqual({ id: user.id, role: 'CLIMBER', staff: true });
    const claims = decodeJwt(token);
    expect(claims).toEqual({
      sub: user.id,
      role: 'CLIMBER',
      staff: true,
      gen: 2,
      sid: deviceId,
      iss: 'clmb',
      aud: 'clmb-api',
      iat: expect.any(Number),
      exp: claims.iat! + 60,
      jti: expect.any(String),
    });
    expect(deviceIdOf(`Bearer ${token}`)).toBe(deviceId);
    // Staff of no gym: no claim at all, and a viewer without it.
    const climber = await sign({ ...user, staff: false }, deviceId);
    expect([decodeJwt(climber.token)['staff'], await verify(`Bearer ${climber.token}`)]).toEqual([undefined, { id: user.id, role: 'CLIMBER' }]);
    expect(expiresAt.getTime()).toBe(claims.exp! * 1000);
    expect((await sign(user, deviceId)).token).not.toBe(token);
    const refused = { extensions: { code: 'UNAUTHENTICATED' }, message: 'The access token has been revoked.' };
    revocations.note({ userId: user.id, generation: 2, revokedAt: new Date() });
    expect(await verify(`Bearer ${token}`)).toEqual({ id: user.id, role: 'CLIMBER', staff: true });
    revocations.note({ userId: user.id, generation: 3, revokedAt: new Date() });
    await expect(verify(`Bearer ${token}`)).rejects.toMatchObject(refused);
    // A device logged out: its tokens stop, whatever their generation; another device's carry on.
    const current = { ...user, tokenGeneration: 3 };
    const [here, there] = [await sign(current, crypto.randomUUID()), await sign(current, deviceId)];
    revocations.noteDevice({ deviceId, revokedAt: new Date() });
    await expect(verify(`Bearer ${there.token}`)).rejects.toMatchObject(refused);
    expect(await verify(`Bearer ${here.token}`)).toEqual({ id: user.id, role: 'CLIMBER', staff: true });
  });
});

describe('refresh tokens', () => {
  it('have one successor each, the same however often asked, that only the signing key derives', () => {
    const successor = createRefreshSuccessor('key one');
    const presented = newSecretToken().token;
    expect(successor(presented)).toEqual(successor(presented));
    expect(successor(presented).hash).toBe(hashSecretToken(successor(presented).token));
    expect(createRefreshSuccessor('key two')(presented).token).not.toBe(successor(presented).token);
    expect(successor(successor(presented).token).token).not.toBe(successor(presented).token);
  });
});

describe('secret tokens (refresh tokens, mailed links)', () => {
  it('are 32 random bytes, stored only as their SHA-256', () => {
    const { token, hash } = newSecretToken();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSecretToken(token)).toBe(hash);
    expect(newSecretToken().token).not.toBe(token);
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
