import { type Auth, builders, errorCodes, errorField, maskIds } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GymFixtures, startUsersWithGyms, type UsersWithGyms } from '../test-service';

const LOG = /* GraphQL */ `mutation($input: LogClimbInput!) {
  logClimb(input: $input) { id attempts sent style notes createdAt route { id } session { id climbs { attempts } } }
}`;
const UPDATE = /* GraphQL */ `mutation($input: UpdateClimbInput!) { updateClimb(input: $input) { attempts sent style notes } }`;
const DELETE = /* GraphQL */ `mutation($id: ID!) { deleteClimb(input: { id: $id }) }`;
const ENTITIES = /* GraphQL */ `query($r: [_Any!]!) { _entities(representations: $r) { ... on Climb { id attempts } } }`;
const STATS = /* GraphQL */ `{ me { stats { sessionCount climbCount sendCount totalDuration } } }`;

let users: UsersWithGyms;
let fx: GymFixtures;
let alex: Auth;
let sam: Auth;
let admin: string;
let sessionId: string;

const startSession = async (token: string) => (await builders(users.gql).session(token, { gymId: fx.gymId })).id;
const log = (input: Record<string, unknown>, token = alex.accessToken) =>
  users.gql(LOG, { input: { sessionId, routeId: fx.routeId, attempts: 1, sent: true, ...input } }, token);

beforeAll(async () => {
  users = await startUsersWithGyms('users_climbs');
  fx = users.gyms.fixtures;
  alex = await builders(users.gql).user({ username: 'alex' });
  sam = await builders(users.gql).user({ username: 'sam' });
  admin = await users.token('ADMIN');
  sessionId = await startSession(alex.accessToken);
});
afterAll(() => users?.stop());

describe('logClimb', () => {
  it("logs a climb on a route at the session's gym, in logging order", async () => {
    await log({ attempts: 3, sent: false, style: 'ATTEMPT' });
    const response = await log({ attempts: 1, sent: true, style: 'FLASH', notes: ' smooth ' });
    expect(response.data?.logClimb.route).toEqual({ id: fx.routeId });
    expect(maskIds(response, { dates: true })).toEqual({
      status: 200,
      data: {
        logClimb: {
          ...{ id: '<uuid>', attempts: 1, sent: true, style: 'FLASH', notes: 'smooth', createdAt: '<date>', route: { id: '<uuid>' } },
          session: { id: '<uuid>', climbs: [{ attempts: 3 }, { attempts: 1 }] },
        },
      },
    });
  });

  it.each([
    ['a route at another gym', () => ({ routeId: fx.otherGymRouteId }), 'input.routeId'],
    ['a stripped route', () => ({ routeId: fx.strippedRouteId }), 'input.routeId'],
    ['an unknown route', () => ({ routeId: crypto.randomUUID() }), 'input.routeId'],
    ['a malformed route id', () => ({ routeId: 'nope' }), 'input.routeId'],
    ['zero attempts', () => ({ attempts: 0 }), 'input.attempts'],
    ['1001 attempts', () => ({ attempts: 1001 }), 'input.attempts'],
    ['notes over 2000 characters', () => ({ notes: 'n'.repeat(2001) }), 'input.notes'],
    ['a FLASH after two attempts', () => ({ style: 'FLASH', attempts: 2 }), 'input.style'],
    ['an ONSIGHT not sent', () => ({ style: 'ONSIGHT', sent: false }), 'input.style'],
    ['a sent ATTEMPT', () => ({ style: 'ATTEMPT', sent: true }), 'input.style'],
    ['a REDPOINT not sent', () => ({ style: 'REDPOINT', sent: false, attempts: 4 }), 'input.style'],
  ])('rejects %s', async (_what, input, field) => {
    const response = await log(input());
    expect([errorCodes(response), errorField(response), response.data]).toEqual([['BAD_USER_INPUT'], field, null]);
  });

  it('refuses a route stripped with a strippedAt ahead of the clock, which gyms takes as clock skew', async () => {
    const gymsAdmin = await users.gyms.token('ADMIN');
    const build = builders(users.gyms.gql);
    const { id: routeId } = await build.route(gymsAdmin, { gymId: fx.gymId, gradeId: fx.gradeId });
    await build.stripRoute(gymsAdmin, routeId, new Date(Date.now() + 2 * 60_000).toISOString());
    const response = await log({ routeId });
    expect([response.errors?.[0]?.message, errorField(response), response.data]).toEqual([
      'input.routeId: the route was stripped before this climb was logged',
      'input.routeId',
      null,
    ]);
  });

  it("NOT_FOUND for an unknown session, FORBIDDEN for someone else's, UNAUTHENTICATED without a token", async () => {
    expect(errorCodes(await log({ sessionId: crypto.randomUUID() }))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await log({}, sam.accessToken))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await users.gql(LOG, { input: { sessionId, routeId: fx.routeId, attempts: 1, sent: true } }))).toEqual([
      'UNAUTHENTICATED',
    ]);
  });
});

describe('updateClimb and deleteClimb', () => {
  it('changes only the fields sent, keeping the style consistent', async () => {
    const id = (await log({ attempts: 2, sent: true, style: 'REDPOINT', notes: 'beta' })).data?.logClimb.id;
    expect((await users.gql(UPDATE, { input: { id, attempts: 5 } }, alex.accessToken)).data).toEqual({
      updateClimb: { attempts: 5, sent: true, style: 'REDPOINT', notes: 'beta' },
    });
    const inconsistent = await users.gql(UPDATE, { input: { id, sent: false } }, alex.accessToken);
    expect([errorCodes(inconsistent), errorField(inconsistent)]).toEqual([['BAD_USER_INPUT'], 'input.style']);
    expect((await users.gql(UPDATE, { input: { id, sent: false, style: null, notes: null } }, admin)).data).toEqual({
      updateClimb: { attempts: 5, sent: false, style: null, notes: null },
    });
    expect(errorCodes(await users.gql(UPDATE, { input: { id, attempts: 2 } }, sam.accessToken))).toEqual(['FORBIDDEN']);
  });

  it('answers an update that changes nothing with the climb as it is', async () => {
    const id = (await log({ attempts: 3, sent: true, style: 'REDPOINT' })).data?.logClimb.id;
    expect(await users.gql(UPDATE, { input: { id } }, alex.accessToken)).toEqual({
      status: 200,
      data: { updateClimb: { attempts: 3, sent: true, style: 'REDPOINT', notes: null } },
    });
  });

  it('refuses null on attempts or sent, which cannot be empty, naming the field and changing nothing', async () => {
    const id = (await log({ attempts: 2, sent: true, style: 'REDPOINT', notes: 'beta' })).data?.logClimb.id;
    for (const field of ['attempts', 'sent']) {
      const response = await users.gql(UPDATE, { input: { id, [field]: null, notes: 'changed' } }, alex.accessToken);
      expect([errorCodes(response), errorField(response), response.data]).toEqual([['BAD_USER_INPUT'], `input.${field}`, null]);
    }
    expect((await users.gql(UPDATE, { input: { id } }, alex.accessToken)).data).toEqual({
      updateClimb: { attempts: 2, sent: true, style: 'REDPOINT', notes: 'beta' },
    });
  });

  it('deletes a climb and returns its id', async () => {
    const id = (await log({})).data?.logClimb.id;
    expect(errorCodes(await users.gql(DELETE, { id }, sam.accessToken))).toEqual(['FORBIDDEN']);
    expect((await users.gql(DELETE, { id }, alex.accessToken)).data).toEqual({ deleteClimb: id });
    expect(errorCodes(await users.gql(DELETE, { id }, alex.accessToken))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await users.gql(UPDATE, { input: { id, attempts: 1 } }, alex.accessToken))).toEqual(['NOT_FOUND']);
  });

  it('resolves Climb entities as privately as their session; unknown or malformed ids are null', async () => {
    const id = (await log({ attempts: 7, sent: false })).data?.logClimb.id;
    const r = [id, crypto.randomUUID(), 'nope'].map((key) => ({ __typename: 'Climb', id: key }));
    expect((await users.gql(ENTITIES, { r }, alex.accessToken)).data).toEqual({ _entities: [{ id, attempts: 7 }, null, null] });
    expect(errorCodes(await users.gql(ENTITIES, { r: r.slice(0, 1) }, sam.accessToken))).toEqual(['FORBIDDEN']);
  });
});

describe('stats and deleting a session', () => {
  it('counts climbs and sends; deleting a session deletes its climbs', async () => {
    const before = (await users.gql(STATS, {}, alex.accessToken)).data?.me.stats;
    const other = await startSession(alex.accessToken);
    const climbId = (await log({ sessionId: other, sent: true, style: 'ONSIGHT' })).data?.logClimb.id;
    expect((await users.gql(STATS, {}, alex.accessToken)).data?.me.stats).toEqual({
      ...before,
      sessionCount: before.sessionCount + 1,
      climbCount: before.climbCount + 1,
      sendCount: before.sendCount + 1,
    });
    await users.gql(/* GraphQL */ `mutation($id: ID!) { deleteSession(input: { id: $id }) }`, { id: other }, alex.accessToken);
    const r = [{ __typename: 'Climb', id: climbId }];
    expect((await users.gql(ENTITIES, { r }, alex.accessToken)).data).toEqual({ _entities: [null] });
    expect((await users.gql(STATS, {}, alex.accessToken)).data?.me.stats).toEqual(before);
  });
});

describe('when the gyms service is down', () => {
  it('answers SUBGRAPH_UNAVAILABLE, not a hang, a crash or a leaked address', async () => {
    await users.gyms.stop();
    users.gyms.stop = async () => {};
    const response = await users.gql(/* GraphQL */ `mutation($g: ID!) { startSession(input: { gymId: $g }) { id } }`, { g: fx.gymId }, alex.accessToken);
    expect(response).toEqual({
      status: 200,
      data: null,
      errors: [
        {
          message: 'The gyms service is unavailable.',
          path: ['startSession'],
          locations: [{ line: 1, column: 21 }],
          extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'gyms' },
        },
      ],
    });
  });
});
