import { builders, errorCodes, errorField, type ServiceUnderTest } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUsersUnderTest } from '../test-service';

const REFRESH = /* GraphQL */ `mutation($t: String!) { refreshToken(input: { refreshToken: $t }) { accessToken user { role } } }`;
const PROFILE = /* GraphQL */ `mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { username firstName lastName } }`;
const DELETE = /* GraphQL */ `mutation($input: DeleteAccountInput!) { deleteAccount(input: $input) }`;
const SET_ROLE = /* GraphQL */ `mutation($input: SetUserRoleInput!) { setUserRole(input: $input) { id role } }`;
const DISABLE = /* GraphQL */ `mutation($input: DisableUserInput!) { disableUser(input: $input) { id } }`;
const ME = /* GraphQL */ `{ me { username role } }`;

let users: ServiceUnderTest;
type Login = { accessToken: string; refreshToken: string; user: { id: string } };
/** Signs up `<name>@example.com` and logs in, as the app does. */
const signUp = (name: string): Promise<Login> => builders(users.gql).user({ username: name, password: 'password1', firstName: 'First' });
const logIn = (name: string) => builders(users.gql).tryLogIn(`${name}@example.com`, 'password1');

beforeAll(async () => {
  users = await startUsersUnderTest('users_profile', { LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '1000', SIGNUP_MAX_PER_ADDRESS: '1000' });
});
afterAll(() => users?.stop());

describe('updateProfile', () => {
  it('changes the fields sent, clears a name with null, and refuses a taken or empty username', async () => {
    const ada = await signUp('ada');
    await signUp('bob');
    expect((await users.gql(PROFILE, { input: { username: 'ada_l', lastName: 'Lovelace' } }, ada.accessToken)).data).toEqual({
      updateProfile: { username: 'ada_l', firstName: 'First', lastName: 'Lovelace' },
    });
    expect((await users.gql(PROFILE, { input: { firstName: null } }, ada.accessToken)).data?.updateProfile.firstName).toBeNull();
    for (const [input, field] of [[{ username: 'BOB' }, 'input.username'], [{ username: null }, 'input.username'], [{ lastName: 'l'.repeat(129) }, 'input.lastName']] as const) {
      const r = await users.gql(PROFILE, { input }, ada.accessToken);
      expect([errorCodes(r), errorField(r)]).toEqual([['BAD_USER_INPUT'], field]);
    }
    expect(errorCodes(await users.gql(PROFILE, { input: { username: 'x_y_z' } }))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('deleteAccount', () => {
  it('needs the password, then erases the account, its logins and its tokens', async () => {
    const cat = await signUp('cat');
    const wrong = await users.gql(DELETE, { input: { password: 'not it' } }, cat.accessToken);
    expect([errorCodes(wrong), errorField(wrong)]).toEqual([['BAD_USER_INPUT'], 'input.password']);
    expect((await users.gql(DELETE, { input: { password: 'password1' } }, cat.accessToken)).data).toEqual({ deleteAccount: cat.user.id });
    expect((await users.gql(ME, {}, cat.accessToken)).status).toBe(401);
    expect(errorCodes(await users.gql(REFRESH, { t: cat.refreshToken }))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await logIn('cat'))).toEqual(['UNAUTHENTICATED']);
    // The address is free again.
    expect((await signUp('cat')).user.id).not.toBe(cat.user.id);
  });
});

describe('admin', () => {
  it('setUserRole: ADMIN only; the old token stops, the next refresh carries the new role', async () => {
    const dan = await signUp('dan');
    const admin = await users.token('ADMIN');
    expect(errorCodes(await users.gql(SET_ROLE, { input: { userId: dan.user.id, role: 'ADMIN' } }, dan.accessToken))).toEqual(['FORBIDDEN']);
    // The global SETTER role is retired (a gym's staff decide, docs/staff.md): not a Role any more.
    expect(errorCodes(await users.gql(SET_ROLE, { input: { userId: dan.user.id, role: 'SETTER' } }, admin))).toEqual(['BAD_USER_INPUT']);
    expect((await users.gql(SET_ROLE, { input: { userId: dan.user.id, role: 'ADMIN' } }, admin)).data).toEqual({
      setUserRole: { id: dan.user.id, role: 'ADMIN' },
    });
    expect((await users.gql(ME, {}, dan.accessToken)).status).toBe(401);
    expect((await users.gql(REFRESH, { t: dan.refreshToken })).data?.refreshToken.user).toEqual({ role: 'ADMIN' });
    const missing = '00000000-0000-4000-8000-00000000abcd';
    expect(errorCodes(await users.gql(SET_ROLE, { input: { userId: missing, role: 'ADMIN' } }, admin))).toEqual(['NOT_FOUND']);
  });

  it('disableUser: every login ends, tokens stop, and log-ins are refused', async () => {
    const eve = await signUp('eve');
    const admin = await users.token('ADMIN');
    expect(errorCodes(await users.gql(DISABLE, { input: { userId: eve.user.id } }, eve.accessToken))).toEqual(['FORBIDDEN']);
    expect((await users.gql(DISABLE, { input: { userId: eve.user.id } }, admin)).data).toEqual({ disableUser: { id: eve.user.id } });
    expect((await users.gql(ME, {}, eve.accessToken)).status).toBe(401);
    expect(errorCodes(await users.gql(REFRESH, { t: eve.refreshToken }))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await logIn('eve'))).toEqual(['FORBIDDEN']);
  });
});
