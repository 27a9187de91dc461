import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorCodes } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Gate, startGate } from './gate';
import { type Supergraph, startSupergraph } from './supergraph';

/**
 * The access directives of the supergraph (`@authenticated`, `@requiresScopes`, `@policy`),
 * enforced by the router before planning, replayed as a client: what a request may not see never
 * reaches a subgraph. Both subgraphs sit behind a gate that keeps every request body.
 */
describe('access declared in the schema', () => {
  let sg: Supergraph;
  const gates = {} as Record<'users' | 'gyms', Gate>;
  let admin: string;
  let climber: { token: string; id: string };
  let gymId: string;
  let sessionId: string;

  beforeAll(async () => {
    sg = await startSupergraph({
      routerUrls: async (urls) => {
        gates.users = await startGate(urls.users);
        gates.gyms = await startGate(urls.gyms);
        return { users: gates.users.url, gyms: gates.gyms.url };
      },
    });
    admin = (await sg.build.logIn('admin@clmb.dev')).accessToken;
    gymId = (await sg.build.gymWithRoutes(admin, { slug: 'access', routeCount: 1 })).gymId;
    const auth = await sg.build.user({ username: 'carla' });
    climber = { token: auth.accessToken, id: auth.user.id };
    sessionId = (await sg.build.session(climber.token, { gymId })).id;
  });
  afterAll(async () => {
    await sg?.stop();
    await Promise.all(Object.values(gates).map((gate) => gate.stop()));
  });

  /** What the subgraphs were sent while `run` ran (the router's revocation polls left out). */
  const sentDuring = async <T>(run: () => Promise<T>) => {
    const before = { users: gates.users.bodies.length, gyms: gates.gyms.bodies.length };
    const result = await run();
    const sent = (name: 'users' | 'gyms') => gates[name].bodies.slice(before[name]).filter((body) => !body.includes('_tokenRevocations'));
    return { result, users: sent('users'), gyms: sent('gyms') };
  };

  const MIXED = /* GraphQL */ `
    query Mixed($gymId: ID!, $userId: ID!, $sessionId: ID!) {
      gym(id: $gymId) { name }
      user(id: $userId) { username sessions { totalCount } ...Private }
      session(id: $sessionId) { id }
    }
    fragment Private on User { devices { id } }
  `;
  const unauthorized = (coordinate: string, path: string[]) => ({
    message: `Unauthorized field or type: ${coordinate}.`,
    path,
    extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE' },
  });

  it('answers an anonymous mixed query with the public data, null and one error per removed field; no subgraph sees them', async () => {
    const { result, users } = await sentDuring(() => sg.request(MIXED, { gymId, userId: climber.id, sessionId }));
    expect(result).toEqual({
      status: 200,
      data: { gym: { name: 'Gym access' }, user: { username: 'carla', sessions: null, devices: null }, session: null },
      errors: [
        unauthorized('User.sessions', ['user', 'sessions']),
        unauthorized('User.devices', ['user', 'devices']),
        unauthorized('Query.session', ['session']),
      ],
    });
    expect(users.length).toBeGreaterThan(0);
    for (const body of users) expect(body).not.toMatch(/sessions|devices|session\(/);
  });

  it('refuses a climber calling a staff mutation before planning: 403 FORBIDDEN, no subgraph call', async () => {
    const { result, gyms } = await sentDuring(() =>
      sg.request(/* GraphQL */ `mutation Archive($input: ArchiveGymInput!) { archiveGym(input: $input) { id } }`, { input: { id: gymId } }, climber.token),
    );
    expect(result).toEqual({ status: 403, errors: [{ message: 'Unauthorized field or type: Mutation.archiveGym.', path: ['archiveGym'], extensions: { code: 'FORBIDDEN' } }] });
    expect(gyms).toEqual([]);
  });

  it('refuses an anonymous write with 401 UNAUTHENTICATED, and an admin-only one for a climber, before any subgraph', async () => {
    const anonymous = await sentDuring(() => sg.request(/* GraphQL */ `mutation { logOutEverywhere }`));
    expect(anonymous.result).toMatchObject({ status: 401, errors: [{ path: ['logOutEverywhere'], extensions: { code: 'UNAUTHENTICATED' } }] });
    const role = await sentDuring(() =>
      sg.request(/* GraphQL */ `mutation R($input: SetUserRoleInput!) { setUserRole(input: $input) { role } }`, { input: { userId: climber.id, role: 'ADMIN' } }, climber.token),
    );
    expect(role.result).toMatchObject({ status: 403, errors: [{ path: ['setUserRole'], extensions: { code: 'FORBIDDEN' } }] });
    expect([...anonymous.users, ...role.users]).toEqual([]);
  });

  it('lets an admin (scope admin, policy staff) through', async () => {
    const archived = await sg.request(/* GraphQL */ `mutation Archive($input: ArchiveGymInput!) { archiveGym(input: $input) { id } }`, { input: { id: gymId } }, admin);
    expect(archived).toEqual({ status: 200, data: { archiveGym: { id: gymId } } });
  });

  it('plans the same query per claims shape: anonymous, then admin, then anonymous again', async () => {
    const variables = { gymId, userId: climber.id, sessionId };
    const anonymous = await sg.request(MIXED, variables);
    const asAdmin = await sg.request(MIXED, variables, admin);
    const again = await sg.request(MIXED, variables);
    expect(asAdmin).toEqual({
      status: 200,
      data: { gym: { name: 'Gym access' }, user: { username: 'carla', sessions: { totalCount: 1 }, devices: [{ id: expect.any(String) }] }, session: { id: sessionId } },
    });
    expect(again).toEqual(anonymous);
    expect(errorCodes(anonymous)).toEqual(Array(3).fill('UNAUTHORIZED_FIELD_OR_TYPE'));
  });

  it('answers me as before: null without a token, and no error for what it could not have shown', async () => {
    const me = /* GraphQL */ `query Me { me { id username preferences { showOnLeaderboards } } }`;
    expect(await sg.request(me)).toEqual({ status: 200, data: { me: null } });
    expect((await sg.request(me, {}, climber.token)).data).toEqual({ me: { id: climber.id, username: 'carla', preferences: { showOnLeaderboards: false } } });
  });

  it('does not start on a supergraph that names a policy the router does not know', async () => {
    const committed = await readFile(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8');
    const path = join(tmpdir(), `clmb-typo-${process.pid}.graphql`);
    await writeFile(path, committed.replace('@policy(policies: [["staff"]])', '@policy(policies: [["staf"]])'));
    try {
      await expect(sg.startExtraRouter({ SUPERGRAPH_PATH: path })).rejects.toThrow(/@policy policies the router does not know: staf /);
    } finally {
      await rm(path, { force: true });
    }
  });
});
