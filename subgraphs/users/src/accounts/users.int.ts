import { type Auth, builders, errorCodes, errorField, type ServiceUnderTest, signTestToken } from '@clmb/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startUsersUnderTest } from '../test-service';

const PROFILE = /* GraphQL */ `query($id: ID!) { user(id: $id) { id username email role } }`;

let users: ServiceUnderTest;
let alex: Auth;
let kim: Auth;

beforeAll(async () => {
  users = await startUsersUnderTest('users_profiles');
  const build = builders(users.gql);
  alex = await build.user({ username: 'alex' });
  kim = await build.user({ username: 'kim' });
});
afterAll(() => users?.stop());

it('me is null without a token, the viewer with one', async () => {
  expect(await users.gql('{ me { username } }')).toEqual({ status: 200, data: { me: null } });
  expect((await users.gql('{ me { username email } }', {}, alex.accessToken)).data).toEqual({
    me: { username: 'alex', email: 'alex@example.com' },
  });
});

it('a bad, expired or foreign token is UNAUTHENTICATED, not anonymous', async () => {
  const expired = await signTestToken(users.keys.JWT_PRIVATE_KEY, { sub: alex.user.id, role: 'CLIMBER', expiresAt: 1 });
  const foreign = await signTestToken(users.keys.JWT_PRIVATE_KEY, { sub: alex.user.id, role: 'CLIMBER', audience: 'other' });
  for (const token of ['garbage', expired, foreign]) {
    const response = await users.gql('{ me { id } }', {}, token);
    expect([response.status, errorCodes(response)]).toEqual([401, ['UNAUTHENTICATED']]);
  }
});

it('shows a public profile, with the email only to its owner', async () => {
  const profile = { id: alex.user.id, username: 'alex', email: null, role: 'CLIMBER' };
  expect((await users.gql(PROFILE, { id: alex.user.id }, alex.accessToken)).data).toEqual({ user: { ...profile, email: 'alex@example.com' } });
  expect((await users.gql(PROFILE, { id: alex.user.id }, kim.accessToken)).data).toEqual({ user: profile });
  expect((await users.gql(PROFILE, { id: alex.user.id })).data).toEqual({ user: profile });
});

it('null for an unknown id, BAD_USER_INPUT for a malformed one', async () => {
  expect((await users.gql(PROFILE, { id: crypto.randomUUID() })).data).toEqual({ user: null });
  const malformed = await users.gql(PROFILE, { id: 'nope' });
  expect([errorCodes(malformed), errorField(malformed)]).toEqual([['BAD_USER_INPUT'], 'id']);
});

it('resolves User entities, null for unknown or malformed ids', async () => {
  const query = /* GraphQL */ `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { username } } }`;
  const representations = [alex.user.id, crypto.randomUUID(), 'nope'].map((id) => ({ __typename: 'User', id }));
  expect((await users.gql(query, { r: representations })).data).toEqual({ _entities: [{ username: 'alex' }, null, null] });
});

it('_userIdByLogin: the account a username or email belongs to, in any case, for the gyms service', async () => {
  const idOf = async (login: string) => (await users.gql(`query ($login: String!) { _userIdByLogin(login: $login) }`, { login })).data?.['_userIdByLogin'];
  expect([await idOf('ALEX'), await idOf('Kim@Example.com'), await idOf('nobody'), await idOf('nobody@example.com')]).toEqual([alex.user.id, kim.user.id, null, null]);
  expect(errorField(await users.gql(`{ _userIdByLogin(login: " ") }`))).toBe('login');
});

it('signs access tokens without the staff claim while the gyms service cannot say (none runs here)', async () => {
  const claims = JSON.parse(Buffer.from(alex.accessToken.split('.')[1]!, 'base64url').toString());
  expect([claims.role, 'staff' in claims]).toEqual(['CLIMBER', false]);
});
