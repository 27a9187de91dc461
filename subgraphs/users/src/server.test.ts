import { createLogger, ROLES } from '@clmb/common';
import { errorCodes, type GraphQLResponse } from '@clmb/testkit';
import type { ApolloServer } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from './context';
import { createApolloServer } from './server';
import { testContext } from './test-service';

// No database: every operation here must be answered before any SQL would run, so `db` is a trap.
const db = new Proxy({}, { get: () => { throw new Error('no database in unit tests'); } });
const context = (): Context =>
  testContext(db as Context['db'], {
    signAccessToken: () => Promise.reject(new Error('unreachable')),
    pruneLogins: () => Promise.reject(new Error('unreachable')),
  });

let server: ApolloServer<Context>;
beforeAll(async () => {
  server = createApolloServer('test', createLogger('users', 'silent'));
  await server.start();
});
afterAll(() => server?.stop());

const run = async (query: string, variables?: Record<string, unknown>) => {
  const { body } = await server.executeOperation({ query, ...(variables && { variables }) }, { contextValue: context() });
  if (body.kind !== 'single') throw new Error('expected a single result');
  return body.singleResult as GraphQLResponse;
};

describe('users subgraph schema', () => {
  it('publishes its SDL to the router', async () => {
    const result = await run('{ _service { sdl } }');
    expect(result.data?._service.sdl).toMatch(/type Session\s+@key\(fields: "id"\)/);
  });

  it('lists in its Role enum the roles of @clmb/common, where they are defined, in their order', async () => {
    const result = await run('{ __type(name: "Role") { enumValues { name } } }');
    expect(result.data?.__type.enumValues.map((value: { name: string }) => value.name)).toEqual([...ROLES]);
  });

  it('me is null without a token', async () => {
    expect(await run('{ me { id } }')).toEqual({ data: { me: null } });
  });

  it('malformed ids: BAD_USER_INPUT in a query, null in _entities', async () => {
    const user = await run('{ user(id: "nope") { id } }');
    expect([errorCodes(user), user.errors?.[0]?.extensions?.['field']]).toEqual([['BAD_USER_INPUT'], 'id']);
    const representations = ['User', 'Session', 'Climb'].map((__typename) => ({ __typename, id: 'nope' }));
    const entities = await run('query($r: [_Any!]!) { _entities(representations: $r) { __typename } }', { r: representations });
    expect(entities).toEqual({ data: { _entities: [null, null, null] } });
  });

  it("computes no setter grading, reads nothing, when gyms refused the viewer the gym's setter routes", async () => {
    const gym = { __typename: 'Gym', id: '00000000-0000-4000-8000-000000000001' };
    const query = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Gym { setterGrading { routeCount } } } }';
    // Gyms answered null (with its FORBIDDEN), or the router brought nothing usable: null, no SQL.
    const representations = [{ ...gym, setterRoutes: null }, gym, { ...gym, setterRoutes: [{ id: 'nope' }] }];
    expect(await run(query, { r: representations })).toEqual({ data: { _entities: [{ setterGrading: null }, { setterGrading: null }, { setterGrading: null }] } });
  });

  it('validates mutation input before anything else', async () => {
    const signUp = await run('mutation { signUp(input: { email: "x", username: "ok_name", password: "password1" }) }');
    expect([errorCodes(signUp), signUp.errors?.[0]?.extensions?.['field']]).toEqual([['BAD_USER_INPUT'], 'input.email']);
    const climb = await run('mutation { logClimb(input: { sessionId: "nope", routeId: "nope", attempts: 1, sent: true }) { id } }');
    expect(climb.errors?.[0]?.extensions?.['field']).toBe('input.sessionId');
    expect(errorCodes(await run('mutation { startSession(input: { gymId: "00000000-0000-4000-8000-000000000000" }) { id } }'))).toEqual(['UNAUTHENTICATED']);
  });

  it('answers Google sign-in that is not configured, and a password change without a token, before any SQL', async () => {
    const google = await run('mutation { logInWithGoogle(input: { idToken: "eyJ" }) { accessToken } }');
    expect(google.errors?.map((e) => [e.message, e.extensions?.['code']])).toEqual([['Google sign-in is not configured.', 'FORBIDDEN']]);
    const change = await run('mutation { changePassword(input: { currentPassword: "a", newPassword: "password2" }) { accessToken } }');
    expect(errorCodes(change)).toEqual(['UNAUTHENTICATED']);
  });
});
