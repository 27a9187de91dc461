import { errorCodes, graphql, signTestToken } from '@clmb/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { errorField, signUpClimber, startUsers, type UsersUnderTest } from './testing/harness';

const PROFILE = /* GraphQL */ `query($id: ID!) { user(id: $id) { id username email role } }`;

let users: UsersUnderTest;
let alex: { id: string; token: string };
let kim: { id: string; token: string };

beforeAll(async () => {
  users = await startUsers('users_profiles');
  alex = await signUpClimber(users.url, 'alex');
  kim = await signUpClimber(users.url, 'kim');
});
afterAll(() => users?.stop());

it('me is null without a token, the viewer with one', async () => {
  expect(await graphql(users.url, '{ me { username } }')).toEqual({ status: 200, data: { me: null } });
  expect((await graphql(users.url, '{ me { username email } }', {}, alex.token)).data).toEqual({
    me: { username: 'alex', email: 'alex@example.com' },
  });
});

it('a bad, expired or foreign token is UNAUTHENTICATED, not anonymous', async () => {
  const expired = await signTestToken(users.keys.JWT_PRIVATE_KEY, { sub: alex.id, role: 'CLIMBER', expiresAt: 1 });
  const foreign = await signTestToken(users.keys.JWT_PRIVATE_KEY, { sub: alex.id, role: 'CLIMBER', audience: 'other' });
  for (const token of ['garbage', expired, foreign]) {
    const response = await graphql(users.url, '{ me { id } }', {}, token);
    expect([response.status, errorCodes(response)]).toEqual([401, ['UNAUTHENTICATED']]);
  }
});

it('shows a public profile, with the email only to its owner', async () => {
  const profile = { id: alex.id, username: 'alex', email: null, role: 'CLIMBER' };
  expect((await graphql(users.url, PROFILE, { id: alex.id }, alex.token)).data).toEqual({ user: { ...profile, email: 'alex@example.com' } });
  expect((await graphql(users.url, PROFILE, { id: alex.id }, kim.token)).data).toEqual({ user: profile });
  expect((await graphql(users.url, PROFILE, { id: alex.id })).data).toEqual({ user: profile });
});

it('null for an unknown id, BAD_USER_INPUT for a malformed one', async () => {
  expect((await graphql(users.url, PROFILE, { id: crypto.randomUUID() })).data).toEqual({ user: null });
  const malformed = await graphql(users.url, PROFILE, { id: 'nope' });
  expect([errorCodes(malformed), errorField(malformed)]).toEqual([['BAD_USER_INPUT'], 'id']);
});

it('resolves User entities, null for unknown or malformed ids', async () => {
  const query = /* GraphQL */ `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { username } } }`;
  const representations = [alex.id, crypto.randomUUID(), 'nope'].map((id) => ({ __typename: 'User', id }));
  expect((await graphql(users.url, query, { r: representations })).data).toEqual({ _entities: [{ username: 'alex' }, null, null] });
});
