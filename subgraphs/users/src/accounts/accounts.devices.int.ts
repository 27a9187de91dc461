import { createRevocationCache, usersRevocationSource } from '@clmb/common';
import { builders, errorCodes, gqlAt, maskIds, type ServiceUnderTest } from '@clmb/testkit';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUsersUnderTest } from '../test-service';

const SIGN_UP = /* GraphQL */ `mutation($input: SignUpInput!) { signUp(input: $input) }`;
const REFRESH = /* GraphQL */ `mutation($t: String!) { refreshToken(input: { refreshToken: $t }) { accessToken refreshToken } }`;
const DEVICES = /* GraphQL */ `{ me { devices { id label current createdAt lastUsedAt expiresAt } } }`;
const REVOKE = /* GraphQL */ `mutation($id: ID!) { revokeDevice(input: { id: $id }) }`;
const EVERYWHERE = /* GraphQL */ `mutation { logOutEverywhere }`;
const ME = /* GraphQL */ `{ me { username } }`;

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const APP = 'clmb-ios/1.4.2 (iPhone15,2; iOS 18.1)';

let users: ServiceUnderTest;
const logIn = (email: string, userAgent: string) => builders(gqlAt(users.url, { 'user-agent': userAgent })).logIn(email, 'password1');
const devicesOf = async (token: string) => (await users.gql(DEVICES, {}, token)).data?.me.devices as { id: string; label: string; current: boolean }[];

beforeAll(async () => {
  users = await startUsersUnderTest('users_devices');
  for (const name of ['ada', 'bob']) await users.gql(SIGN_UP, { input: { email: `${name}@example.com`, username: name, password: 'password1' } });
});
afterAll(() => users?.stop());

describe('devices', () => {
  it('lists each login with a coarse label, most recently used first, marking the current one', async () => {
    const laptop = await logIn('ada@example.com', FIREFOX);
    const phone = await logIn('ada@example.com', APP);
    // Signing up logs nobody in: these two logins are the only devices.
    const list = await users.gql(DEVICES, {}, phone.accessToken);
    expect(maskIds(list.data, { dates: true })).toEqual({
      me: {
        devices: [
          { id: '<uuid>', label: 'clmb-ios on iOS', current: true, createdAt: '<date>', lastUsedAt: '<date>', expiresAt: '<date>' },
          { id: '<uuid>', label: 'Firefox on Linux', current: false, createdAt: '<date>', lastUsedAt: '<date>', expiresAt: '<date>' },
        ],
      },
    });
    // Logins end 90 days (REFRESH_FAMILY_LIFETIME_DAYS) after they began, refreshed or not.
    for (const d of (list.data?.me.devices ?? []) as { expiresAt: string; createdAt: string }[]) expect(Date.parse(d.expiresAt) - Date.parse(d.createdAt)).toBeCloseTo(90 * 86_400_000, -4);
    expect(errorCodes(await users.gql(REFRESH, { t: laptop.refreshToken }))).toEqual([]);
  });

  it('lists the 20 most recently used logins, no more', async () => {
    await users.gql(SIGN_UP, { input: { email: 'many@example.com', username: 'many', password: 'password1' } });
    const first = await logIn('many@example.com', FIREFOX);
    for (let i = 0; i < 20; i++) await logIn('many@example.com', APP);
    const listed = await devicesOf(first.accessToken);
    expect([listed.length, listed.some((device) => device.current)]).toEqual([20, false]);
    // Older logins still work; they are only listed no further.
    expect(errorCodes(await users.gql(REFRESH, { t: first.refreshToken }))).toEqual([]);
  });

  it('are the user’s own: FORBIDDEN for anyone else', async () => {
    const ada = await logIn('ada@example.com', FIREFOX);
    const bob = await logIn('bob@example.com', FIREFOX);
    const adaId = (await users.gql(`{ me { id } }`, {}, ada.accessToken)).data?.me.id;
    const peek = await users.gql(`query($id: ID!) { user(id: $id) { username devices { id } } }`, { id: adaId }, bob.accessToken);
    expect([peek.data, errorCodes(peek)]).toEqual([{ user: { username: 'ada', devices: null } }, ['FORBIDDEN']]);
  });
});

describe('revokeDevice', () => {
  it('logs one device out at once, refresh and access token, and leaves the others logged in', async () => {
    const lost = await logIn('bob@example.com', APP);
    const kept = await logIn('bob@example.com', FIREFOX);
    const lostId = (await devicesOf(lost.accessToken)).find((d) => d.current)?.id;
    expect((await users.gql(REVOKE, { id: lostId }, kept.accessToken)).data).toEqual({ revokeDevice: lostId });

    expect(errorCodes(await users.gql(REFRESH, { t: lost.refreshToken }))).toEqual(['UNAUTHENTICATED']);
    const stale = await users.gql(ME, {}, lost.accessToken);
    expect([stale.status, errorCodes(stale)]).toEqual([401, ['UNAUTHENTICATED']]);
    // The kept device renews its access token and carries on.
    const renewed = await users.gql(REFRESH, { t: kept.refreshToken });
    expect((await users.gql(ME, {}, renewed.data?.refreshToken.accessToken)).data).toEqual({ me: { username: 'bob' } });
    expect((await devicesOf(renewed.data?.refreshToken.accessToken)).map((d) => d.id)).not.toContain(lostId);
  });

  it('is NOT_FOUND for a device that is not yours or no longer active, BAD_USER_INPUT for a malformed id', async () => {
    const ada = await logIn('ada@example.com', FIREFOX);
    const bob = await logIn('bob@example.com', FIREFOX);
    const bobDevice = (await devicesOf(bob.accessToken))[0]?.id;
    expect(errorCodes(await users.gql(REVOKE, { id: bobDevice }, ada.accessToken))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await users.gql(REVOKE, { id: '00000000-0000-4000-8000-000000000000' }, ada.accessToken))).toEqual(['NOT_FOUND']);
    const malformed = await users.gql(REVOKE, { id: 'nope' }, ada.accessToken);
    expect([errorCodes(malformed), malformed.errors?.[0]?.extensions?.['field']]).toEqual([['BAD_USER_INPUT'], 'input.id']);
    expect(errorCodes(await users.gql(REVOKE, { id: bobDevice }))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('logOutEverywhere', () => {
  it('ends every login: no refresh token works, and an access token used afterwards is refused', async () => {
    const one = await logIn('ada@example.com', FIREFOX);
    const two = await logIn('ada@example.com', APP);
    expect((await users.gql(EVERYWHERE, {}, one.accessToken)).data).toEqual({ logOutEverywhere: true });
    for (const login of [one, two]) {
      expect(errorCodes(await users.gql(REFRESH, { t: login.refreshToken }))).toEqual(['UNAUTHENTICATED']);
      const after = await users.gql(ME, {}, login.accessToken);
      expect([after.status, errorCodes(after)]).toEqual([401, ['UNAUTHENTICATED']]);
    }
    // A new log-in works as before.
    const again = await logIn('ada@example.com', FIREFOX);
    expect((await users.gql(ME, {}, again.accessToken)).data).toEqual({ me: { username: 'ada' } });
    expect(errorCodes(await users.gql(EVERYWHERE, {}))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('the revocation feed the router and the gyms service poll', () => {
  it('tells a verifier elsewhere which devices are logged out, and below which generation a user’s tokens are revoked', async () => {
    const errors: unknown[] = [];
    const cache = createRevocationCache({ source: usersRevocationSource(() => users.url, undefined), maxTokenAgeMs: 900_000, onError: (e) => errors.push(e) });
    try {
      const [kept, lost] = [await logIn('bob@example.com', FIREFOX), await logIn('bob@example.com', APP)];
      const tokenOf = (login: { accessToken: string }) => {
        const { sub, gen, sid } = decodeJwt(login.accessToken);
        return { userId: sub as string, generation: gen as number, deviceId: sid as string };
      };
      const revoked = () => [cache.isRevoked(tokenOf(kept)), cache.isRevoked(tokenOf(lost))];
      await cache.refresh();
      expect(revoked()).toEqual([false, false]);
      expect(errorCodes(await users.gql(REVOKE, { id: tokenOf(lost).deviceId }, kept.accessToken))).toEqual([]);
      await cache.refresh();
      expect(revoked()).toEqual([false, true]);
      await users.gql(EVERYWHERE, {}, kept.accessToken);
      await cache.refresh();
      expect(revoked()).toEqual([true, true]);
      // Incremental: asking again changes nothing.
      await cache.refresh();
      expect(revoked()).toEqual([true, true]);
      expect(errors).toEqual([]);
    } finally {
      cache.stop();
    }
  });
});
