import { type Auth, builders, errorCodes, errorField, maskIds } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GymFixtures, startUsersWithGyms, type UsersWithGyms } from '../test-service';

const FIELDS = 'id name startTime endTime duration notes mood energy gym { id } user { username } climbs { id }';
const START = /* GraphQL */ `mutation($input: StartSessionInput!) { startSession(input: $input) { ${FIELDS} } }`;
const UPDATE = /* GraphQL */ `mutation($input: UpdateSessionInput!) { updateSession(input: $input) { ${FIELDS} } }`;
const END = /* GraphQL */ `mutation($input: EndSessionInput!) { endSession(input: $input) { endTime duration mood notes } }`;
const DELETE = /* GraphQL */ `mutation($id: ID!) { deleteSession(input: { id: $id }) }`;
const SESSION = /* GraphQL */ `query($id: ID!) { session(id: $id) { id name } }`;

let users: UsersWithGyms;
let fx: GymFixtures;
let alex: Auth;
let sam: Auth;
let admin: string;

const start = async (token: string, input: Record<string, unknown> = {}) =>
  (await users.gql(START, { input: { gymId: fx.gymId, ...input } }, token)).data?.startSession;

beforeAll(async () => {
  users = await startUsersWithGyms('users_sessions');
  fx = users.gyms.fixtures;
  const build = builders(users.gql);
  alex = await build.user({ username: 'alex' });
  sam = await build.user({ username: 'sam' });
  admin = await users.token('ADMIN');
});
afterAll(() => users?.stop());

describe('startSession', () => {
  it('starts a session at an open gym', async () => {
    const response = await users.gql(START, { input: { gymId: fx.gymId, name: ' Evening ', startTime: '2026-01-10T18:00:00Z' } }, alex.accessToken);
    expect(response.data?.startSession.gym).toEqual({ id: fx.gymId });
    expect(maskIds(response, { dates: true })).toEqual({
      status: 200,
      data: {
        startSession: {
          ...{ id: '<uuid>', name: 'Evening', startTime: '<date>', endTime: null, duration: null, notes: null, mood: null, energy: null },
          ...{ gym: { id: '<uuid>' }, user: { username: 'alex' }, climbs: [] },
        },
      },
    });
    expect(response.data?.startSession.startTime).toBe('2026-01-10T18:00:00.000Z');
  });

  it('starts now when no start time is given', async () => {
    const before = Date.now();
    const startTime = new Date((await start(alex.accessToken))?.startTime).getTime();
    expect(startTime).toBeGreaterThanOrEqual(before);
    expect(startTime).toBeLessThanOrEqual(Date.now());
  });

  it.each([
    ['an unknown gym', () => ({ gymId: crypto.randomUUID() }), 'input.gymId'],
    ['an archived gym', () => ({ gymId: fx.archivedGymId }), 'input.gymId'],
    ['a malformed gym id', () => ({ gymId: 'nope' }), 'input.gymId'],
    ['a name too long', () => ({ gymId: fx.gymId, name: 'n'.repeat(65) }), 'input.name'],
  ])('rejects %s', async (_what, input, field) => {
    const response = await users.gql(START, { input: input() }, alex.accessToken);
    expect([errorCodes(response), errorField(response), response.data]).toEqual([['BAD_USER_INPUT'], field, null]);
  });

  it('needs a token', async () => {
    expect(errorCodes(await users.gql(START, { input: { gymId: fx.gymId } }))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('session(id)', () => {
  it('shows your own session to you and to an ADMIN only', async () => {
    const id = (await start(alex.accessToken, { name: 'Mine' }))?.id;
    expect((await users.gql(SESSION, { id }, alex.accessToken)).data).toEqual({ session: { id, name: 'Mine' } });
    expect((await users.gql(SESSION, { id }, admin)).data).toEqual({ session: { id, name: 'Mine' } });
    expect(errorCodes(await users.gql(SESSION, { id }, sam.accessToken))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await users.gql(SESSION, { id }))).toEqual(['UNAUTHENTICATED']);
  });

  it('null for an unknown id, BAD_USER_INPUT for a malformed one', async () => {
    expect((await users.gql(SESSION, { id: crypto.randomUUID() }, alex.accessToken)).data).toEqual({ session: null });
    const malformed = await users.gql(SESSION, { id: 'nope' }, alex.accessToken);
    expect([errorCodes(malformed), errorField(malformed)]).toEqual([['BAD_USER_INPUT'], 'id']);
  });

  it('resolves Session entities with the same rule; unknown or malformed ids are null', async () => {
    const id = (await start(alex.accessToken))?.id;
    const query = /* GraphQL */ `query($r: [_Any!]!) { _entities(representations: $r) { ... on Session { id gym { id } } } }`;
    const r = [id, crypto.randomUUID(), 'nope'].map((key) => ({ __typename: 'Session', id: key }));
    expect((await users.gql(query, { r }, alex.accessToken)).data).toEqual({ _entities: [{ id, gym: { id: fx.gymId } }, null, null] });
    const other = await users.gql(query, { r: r.slice(0, 1) }, sam.accessToken);
    expect([errorCodes(other), other.data]).toEqual([['FORBIDDEN'], { _entities: [null] }]);
  });
});

describe('updateSession, endSession, deleteSession', () => {
  it('changes only the fields sent; null clears', async () => {
    const id = (await start(alex.accessToken, { name: 'Before', startTime: '2026-02-01T10:00:00Z' }))?.id;
    await users.gql(UPDATE, { input: { id, notes: 'crimpy', mood: 'GOOD', energy: 'PUMPED' } }, alex.accessToken);
    const response = await users.gql(UPDATE, { input: { id, name: null, startTime: '2026-02-01T09:00:00Z' } }, alex.accessToken);
    expect(maskIds(response.data, { dates: true })).toEqual({
      updateSession: {
        ...{ id: '<uuid>', name: null, startTime: '<date>', endTime: null, duration: null, notes: 'crimpy', mood: 'GOOD', energy: 'PUMPED' },
        ...{ gym: { id: '<uuid>' }, user: { username: 'alex' }, climbs: [] },
      },
    });
    const ended = await users.gql(UPDATE, { input: { id, endTime: '2026-02-01T10:30:00Z' } }, admin);
    expect(ended.data?.updateSession.duration).toBe('PT1H30M');
    const backwards = await users.gql(UPDATE, { input: { id, startTime: '2026-02-01T11:00:00Z' } }, alex.accessToken);
    expect([errorCodes(backwards), errorField(backwards)]).toEqual([['BAD_USER_INPUT'], 'input.endTime']);
  });

  it('answers an update that changes nothing with the session as it is', async () => {
    const id = (await start(alex.accessToken, { name: 'Unchanged', startTime: '2026-02-02T10:00:00Z' }))?.id;
    const response = await users.gql(UPDATE, { input: { id } }, alex.accessToken);
    expect([response.errors, response.data?.updateSession.name]).toEqual([undefined, 'Unchanged']);
  });

  it('ends a session once, not before it started', async () => {
    const id = (await start(alex.accessToken, { startTime: '2026-03-01T18:00:00Z' }))?.id;
    const early = await users.gql(END, { input: { id, endTime: '2026-03-01T17:59:59Z' } }, alex.accessToken);
    expect([errorCodes(early), errorField(early)]).toEqual([['BAD_USER_INPUT'], 'input.endTime']);
    const input = { id, endTime: '2026-03-01T19:30:15Z', mood: 'EXCELLENT', notes: 'sent it' };
    expect((await users.gql(END, { input }, alex.accessToken)).data).toEqual({
      endSession: { endTime: '2026-03-01T19:30:15.000Z', duration: 'PT1H30M15S', mood: 'EXCELLENT', notes: 'sent it' },
    });
    const again = await users.gql(END, { input: { id } }, alex.accessToken);
    expect([errorCodes(again), errorField(again)]).toEqual([['BAD_USER_INPUT'], 'input.id']);
  });

  it('deletes a session and returns its id', async () => {
    const id = (await start(alex.accessToken))?.id;
    expect(errorCodes(await users.gql(DELETE, { id }, sam.accessToken))).toEqual(['FORBIDDEN']);
    expect((await users.gql(DELETE, { id }, alex.accessToken)).data).toEqual({ deleteSession: id });
    expect((await users.gql(SESSION, { id }, alex.accessToken)).data).toEqual({ session: null });
  });

  it.each([
    ['updateSession', UPDATE, (id: string) => ({ input: { id, name: 'x' } })],
    ['endSession', END, (id: string) => ({ input: { id } })],
    ['deleteSession', DELETE, (id: string) => ({ id })],
  ])("%s: NOT_FOUND for an unknown id, FORBIDDEN for someone else's", async (_name, mutation, variables) => {
    expect(errorCodes(await users.gql(mutation, variables(crypto.randomUUID()), alex.accessToken))).toEqual(['NOT_FOUND']);
    const theirs = (await start(sam.accessToken))?.id;
    expect(errorCodes(await users.gql(mutation, variables(theirs), alex.accessToken))).toEqual(['FORBIDDEN']);
  });
});
