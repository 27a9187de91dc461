import { builders, errorCodes, errorField, maskIds, type ServiceUnderTest } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUsersUnderTest } from '../test-service';

const REFRESH = /* GraphQL */ `mutation($t: String!) { refreshToken(input: { refreshToken: $t }) { refreshToken } }`;
const CHANGE = /* GraphQL */ `
  mutation($input: ChangePasswordInput!) { changePassword(input: $input) { accessToken refreshToken user { username email } } }`;

let users: ServiceUnderTest;
const logIn = (email: string, password: string) => builders(users.gql).tryLogIn(email, password);
const change = (token: string | undefined, currentPassword: string, newPassword: string) =>
  users.gql(CHANGE, { input: { currentPassword, newPassword } }, token);
const refresh = (t: string) => users.gql(REFRESH, { t });

beforeAll(async () => {
  users = await startUsersUnderTest('users_change_password', { LOGIN_FAILURES_BEFORE_DELAY: '3' });
});
afterAll(() => users?.stop());

describe('changePassword', () => {
  it('logs out every device and returns tokens for this one', async () => {
    const phone = await builders(users.gql).user({ username: 'ada', password: 'old password' });
    const laptop = (await logIn('ada@example.com', 'old password')).data?.logIn;
    // A rotated family too: its live token must go as well.
    const tablet = (await refresh((await logIn('ada@example.com', 'old password')).data?.logIn.refreshToken)).data?.refreshToken;

    const changed = await change(laptop.accessToken, 'old password', 'new password');
    expect(maskIds(changed, { dates: true })).toEqual({
      status: 200,
      data: { changePassword: { accessToken: expect.any(String), refreshToken: expect.any(String), user: { username: 'ada', email: 'ada@example.com' } } },
    });
    for (const old of [phone.refreshToken, laptop.refreshToken, tablet.refreshToken]) expect(errorCodes(await refresh(old))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await refresh(changed.data?.changePassword.refreshToken))).toEqual([]);
    expect(errorCodes(await logIn('ada@example.com', 'old password'))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await logIn('ada@example.com', 'new password'))).toEqual([]);
  });

  it('needs an access token', async () => {
    expect(errorCodes(await change(undefined, 'new password', 'newer password'))).toEqual(['UNAUTHENTICATED']);
  });

  it('validates the new password and checks the current one, changing nothing otherwise', async () => {
    const token = (await logIn('ada@example.com', 'new password')).data?.logIn.accessToken;
    const cases = [
      [change(token, 'new password', 'short'), 'input.newPassword'],
      [change(token, 'new password', 'n'.repeat(129)), 'input.newPassword'],
      [change(token, 'new password', 'new password'), 'input.newPassword'],
      [change(token, 'wrong password', 'newer password'), 'input.currentPassword'],
    ] as const;
    for (const [response, field] of cases) {
      const r = await response;
      expect([errorCodes(r), errorField(r), r.data]).toEqual([['BAD_USER_INPUT'], field, null]);
    }
    expect(errorCodes(await logIn('ada@example.com', 'new password'))).toEqual([]);
  });

  it('limits guesses at the current password like failed log-ins to the account from this address', async () => {
    const token = (await logIn('ada@example.com', 'new password')).data?.logIn.accessToken;
    for (let i = 0; i < 3; i++) expect(errorCodes(await change(token, `guess ${i}`, 'newer password'))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await change(token, 'new password', 'newer password'))).toEqual(['TOO_MANY_REQUESTS']);
    expect(errorCodes(await logIn('ada@example.com', 'new password'))).toEqual(['TOO_MANY_REQUESTS']);
  });
});
