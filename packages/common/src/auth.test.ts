import { generateSigningKeys, signTestToken } from '@clmb/testkit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAuthorizationVerifier } from './auth';
import { createRevocationCache, type TokenRevocation } from './revocations';

const settings = { issuer: 'clmb', audience: 'clmb-api' };
const code = (promise: Promise<unknown>) => promise.then(
  () => 'accepted',
  (error: { message: string; extensions?: { code?: string } }) => `${error.extensions?.code}: ${error.message}`,
);

afterEach(() => {
  vi.useRealTimers();
});

describe('a verifier that remembers the tokens it verified', () => {
  it('still refuses a remembered token once it has expired, and a tampered copy every time', async () => {
    const keys = await generateSigningKeys();
    const verify = await createAuthorizationVerifier(keys.JWT_PUBLIC_KEY, settings);
    const expiresAt = Math.floor(Date.now() / 1000) + 60;
    const token = await signTestToken(keys.JWT_PRIVATE_KEY, { sub: 'u1', role: 'CLIMBER', expiresAt });
    const tampered = `${token.slice(0, -4)}AAAA`;
    for (let i = 0; i < 2; i++) {
      expect(await verify(`Bearer ${token}`)).toEqual({ id: 'u1', role: 'CLIMBER' });
      expect(await code(verify(`Bearer ${tampered}`))).toBe('UNAUTHENTICATED: The access token is invalid.');
    }
    vi.useFakeTimers({ now: expiresAt * 1000, toFake: ['Date'] });
    for (let i = 0; i < 2; i++) expect(await code(verify(`Bearer ${token}`))).toBe('UNAUTHENTICATED: The access token has expired.');
  });

  it('verifies a token of the retired global SETTER role, still in flight, as a CLIMBER, and carries the staff claim', async () => {
    const keys = await generateSigningKeys();
    const verify = await createAuthorizationVerifier(keys.JWT_PUBLIC_KEY, settings);
    // A token signed before the hand-over to gyms' staff (docs/staff.md): its gyms' staff rows decide.
    const legacy = await signTestToken(keys.JWT_PRIVATE_KEY, { sub: 'u1', role: 'SETTER' });
    expect(await verify(`Bearer ${legacy}`)).toEqual({ id: 'u1', role: 'CLIMBER' });
    const staff = await signTestToken(keys.JWT_PRIVATE_KEY, { sub: 'u2', role: 'CLIMBER', claims: { staff: true } });
    expect(await verify(`Bearer ${staff}`)).toEqual({ id: 'u2', role: 'CLIMBER', staff: true });
    const unknown = await signTestToken(keys.JWT_PRIVATE_KEY, { sub: 'u3', role: 'OWNER' as never });
    expect(await code(verify(`Bearer ${unknown}`))).toBe('UNAUTHENTICATED: The access token is invalid.');
  });

  it('hands out a viewer a resolver cannot change for the next request', async () => {
    const keys = await generateSigningKeys();
    const verify = await createAuthorizationVerifier(keys.JWT_PUBLIC_KEY, settings);
    const token = await signTestToken(keys.JWT_PRIVATE_KEY, { sub: 'u1', role: 'CLIMBER' });
    const first = await verify(`Bearer ${token}`);
    first!.role = 'ADMIN';
    expect(await verify(`Bearer ${token}`)).toEqual({ id: 'u1', role: 'CLIMBER' });
  });
});

describe('a verifier that checks revocations', () => {
  it('keeps accepting a token from before devices (no `sid`, no `gen`) until its user is logged out everywhere', async () => {
    const keys = await generateSigningKeys();
    const noted = { revocations: [] as TokenRevocation[], devices: [{ deviceId: 'd1', revokedAt: new Date() }], asOf: new Date() };
    const revocations = createRevocationCache({ source: async () => noted, maxTokenAgeMs: 900_000, onError: () => {} });
    revocations.stop();
    await revocations.refresh();
    const verify = await createAuthorizationVerifier(keys.JWT_PUBLIC_KEY, settings, revocations.isRevoked);
    const token = await signTestToken(keys.JWT_PRIVATE_KEY, { sub: 'u1', role: 'CLIMBER' });
    expect(await code(verify(`Bearer ${token}`))).toBe('accepted');
    revocations.note({ userId: 'u1', generation: 1, revokedAt: new Date() });
    expect(await code(verify(`Bearer ${token}`))).toBe('UNAUTHENTICATED: The access token has been revoked.');
  });
});
