import { UnauthenticatedError } from '@clmb/common';
import { describe, expect, it } from 'vitest';
import { cacheVerifiedTokens } from './token-cache';

const token = (exp: number, gen?: number) => `Bearer h.${Buffer.from(JSON.stringify({ sub: 'u1', exp, gen })).toString('base64url')}.s`;
const viewer = { id: 'u1', role: 'CLIMBER' as const };

describe('verified tokens remembered until they expire', () => {
  it('verifies a token once while it is valid, again once it has expired, and a bad one every time', async () => {
    const seen: (string | undefined)[] = [];
    const verify = cacheVerifiedTokens(async (authorization) => {
      seen.push(authorization);
      if (authorization?.endsWith('bad')) throw new UnauthenticatedError('The access token is invalid.');
      return authorization ? viewer : null;
    });
    const valid = token(Math.floor(Date.now() / 1000) + 600);
    const expired = token(Math.floor(Date.now() / 1000) - 1);
    expect([await verify(valid), await verify(valid), await verify(undefined)]).toEqual([viewer, viewer, null]);
    expect([await verify(expired), await verify(expired)]).toEqual([viewer, viewer]);
    for (let i = 0; i < 2; i++) await expect(verify('Bearer bad')).rejects.toThrow('invalid');
    expect(seen).toEqual([valid, expired, expired, 'Bearer bad', 'Bearer bad']);
  });
});

describe('a remembered token and its user\'s revocations', () => {
  it('refuses a remembered token once its user\'s tokens are revoked, and keeps one issued after', async () => {
    const revoked = new Map<string, number>();
    const verify = cacheVerifiedTokens(async () => viewer, (id) => revoked.get(id));
    const exp = Math.floor(Date.now() / 1000) + 600;
    const before = token(exp, 3);
    const after = token(exp, 4);
    expect(await verify(before)).toEqual(viewer);
    revoked.set('u1', 4);
    await expect(verify(before)).rejects.toThrow('revoked');
    expect(await verify(after)).toEqual(viewer);
    expect(await verify(after)).toEqual(viewer);
  });
});
