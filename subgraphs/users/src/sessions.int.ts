import { errorCodes, generateSigningKeys, graphql, signTestToken } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorField, mask, signUpClimber, startGymsWithFixtures, startUsers, type GymFixtures, type UsersUnderTest } from './testing/harness';

const FIELDS = 'id name startTime endTime duration notes mood energy gym { id } user { username } climbs { id }';
const START = /* GraphQL */ `mutation($input: StartSessionInput!) { startSession(input: $input) { ${FIELDS} } }`;
const UPDATE = /* GraphQL */ `mutation($input: UpdateSessionInput!) { updateSession(input: $input) { ${FIELDS} } }`;
const END = /* GraphQL */ `mutation($input: EndSessionInput!) { endSession(input: $input) { endTime duration mood notes } }`;
const DELETE = /* GraphQL */ `mutation($id: ID!) { deleteSession(input: { id: $id }) }`;
const SESSION = /* GraphQL */ `query($id: ID!) { session(id: $id) { id name } }`;

let users: UsersUnderTest;
let gyms: Awaited<ReturnType<typeof startGymsWithFixtures>>;
let fx: GymFixtures;
let alex: { id: string; token: string };
let sam: { id: string; token: string };
let admin: string;

const start = async (token: string, input: Record<string, unknown> = {}) =>
  (await graphql(users.url, START, { input: { gymId: fx.gymId, ...input } }, token)).data?.startSession;

beforeAll(async () => {
  const keys = await generateSigningKeys();
  gyms = await startGymsWithFixtures(keys);
  fx = gyms.fixtures;
  users = await startUsers('users_sessions', { GYMS_URL: gyms.url }, keys);
  alex = await signUpClimber(users.url, 'alex');
  sam = await signUpClimber(users.url, 'sam');
  admin = await signTestToken(keys.JWT_PRIVATE_KEY, { sub: crypto.randomUUID(), role: 'ADMIN' });
});
afterAll(async () => {
  await users?.stop();
  await gyms?.stop();
});

describe('startSession', () => {
  it('starts a session at an open gym', async () => {
    const response = await graphql(users.url, START, { input: { gymId: fx.gymId, name: ' Evening ', startTime: '2026-01-10T18:00:00Z' } }, alex.token);
    expect(response.data?.startSession.gym).toEqual({ id: fx.gymId });
    expect(mask(response)).toEqual({
      status: 200,
      data: {
        startSession: {
          ...{ id: '<id>', name: 'Evening', startTime: '<date>', endTime: null, duration: null, notes: null, mood: null, energy: null },
          ...{ gym: { id: '<id>' }, user: { username: 'alex' }, climbs: [] },
        },
      },
    });
    expect(response.data?.startSession.startTime).toBe('2026-01-10T18:00:00.000Z');
  });

  it('starts now when no start time is given', async () => {
    const before = Date.now();
    const startTime = new Date((await start(alex.token))?.startTime).getTime();
    expect(startTime).toBeGreaterThanOrEqual(before);
    expect(startTime).toBeLessThanOrEqual(Date.now());
  });

  it.each([
    ['an unknown gym', () => ({ gymId: crypto.randomUUID() }), 'input.gymId'],
    ['an archived gym', () => ({ gymId: fx.archivedGymId }), 'input.gymId'],
    ['a malformed gym id', () => ({ gymId: 'nope' }), 'input.gymId'],
    ['a name too long', () => ({ gymId: fx.gymId, name: 'n'.repeat(65) }), 'input.name'],
  ])('rejects %s', async (_what, input, field) => {
    const response = await graphql(users.url, START, { input: input() }, alex.token);
    expect([errorCodes(response), errorField(response), response.data]).toEqual([['BAD_USER_INPUT'], field, null]);
  });

  it('needs a token', async () => {
    expect(errorCodes(await graphql(users.url, START, { input: { gymId: fx.gymId } }))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('session(id)', () => {
  it('shows your own session to you and to an ADMIN only', async () => {
    const id = (await start(alex.token, { name: 'Mine' }))?.id;
    expect((await graphql(users.url, SESSION, { id }, alex.token)).data).toEqual({ session: { id, name: 'Mine' } });
    expect((await graphql(users.url, SESSION, { id }, admin)).data).toEqual({ session: { id, name: 'Mine' } });
    expect(errorCodes(await graphql(users.url, SESSION, { id }, sam.token))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await graphql(users.url, SESSION, { id }))).toEqual(['UNAUTHENTICATED']);
  });

  it('null for an unknown id, BAD_USER_INPUT for a malformed one', async () => {
    expect((await graphql(users.url, SESSION, { id: crypto.randomUUID() }, alex.token)).data).toEqual({ session: null });
    const malformed = await graphql(users.url, SESSION, { id: 'nope' }, alex.token);
    expect([errorCodes(malformed), errorField(malformed)]).toEqual([['BAD_USER_INPUT'], 'id']);
  });

  it('resolves Session entities with the same rule; unknown or malformed ids are null', async () => {
    const id = (await start(alex.token))?.id;
    const query = /* GraphQL */ `query($r: [_Any!]!) { _entities(representations: $r) { ... on Session { id gym { id } } } }`;
    const r = [id, crypto.randomUUID(), 'nope'].map((key) => ({ __typename: 'Session', id: key }));
    expect((await graphql(users.url, query, { r }, alex.token)).data).toEqual({ _entities: [{ id, gym: { id: fx.gymId } }, null, null] });
    const other = await graphql(users.url, query, { r: r.slice(0, 1) }, sam.token);
    expect([errorCodes(other), other.data]).toEqual([['FORBIDDEN'], { _entities: [null] }]);
  });
});

describe('updateSession, endSession, deleteSession', () => {
  it('changes only the fields sent; null clears', async () => {
    const id = (await start(alex.token, { name: 'Before', startTime: '2026-02-01T10:00:00Z' }))?.id;
    await graphql(users.url, UPDATE, { input: { id, notes: 'crimpy', mood: 'GOOD', energy: 'PUMPED' } }, alex.token);
    const response = await graphql(users.url, UPDATE, { input: { id, name: null, startTime: '2026-02-01T09:00:00Z' } }, alex.token);
    expect(mask(response.data)).toEqual({
      updateSession: {
        ...{ id: '<id>', name: null, startTime: '<date>', endTime: null, duration: null, notes: 'crimpy', mood: 'GOOD', energy: 'PUMPED' },
        ...{ gym: { id: '<id>' }, user: { username: 'alex' }, climbs: [] },
      },
    });
    const ended = await graphql(users.url, UPDATE, { input: { id, endTime: '2026-02-01T10:30:00Z' } }, admin);
    expect(ended.data?.updateSession.duration).toBe('PT1H30M');
    const backwards = await graphql(users.url, UPDATE, { input: { id, startTime: '2026-02-01T11:00:00Z' } }, alex.token);
    expect([errorCodes(backwards), errorField(backwards)]).toEqual([['BAD_USER_INPUT'], 'input.endTime']);
  });

  it('answers an update that changes nothing with the session as it is', async () => {
    const id = (await start(alex.token, { name: 'Unchanged', startTime: '2026-02-02T10:00:00Z' }))?.id;
    for (const input of [{ id }, { id, startTime: null }]) {
      const response = await graphql(users.url, UPDATE, { input }, alex.token);
      expect([response.errors, response.data?.updateSession.name]).toEqual([undefined, 'Unchanged']);
    }
  });

  it('ends a session once, not before it started', async () => {
    const id = (await start(alex.token, { startTime: '2026-03-01T18:00:00Z' }))?.id;
    const early = await graphql(users.url, END, { input: { id, endTime: '2026-03-01T17:59:59Z' } }, alex.token);
    expect([errorCodes(early), errorField(early)]).toEqual([['BAD_USER_INPUT'], 'input.endTime']);
    const input = { id, endTime: '2026-03-01T19:30:15Z', mood: 'EXCELLENT', notes: 'sent it' };
    expect((await graphql(users.url, END, { input }, alex.token)).data).toEqual({
      endSession: { endTime: '2026-03-01T19:30:15.000Z', duration: 'PT1H30M15S', mood: 'EXCELLENT', notes: 'sent it' },
    });
    const again = await graphql(users.url, END, { input: { id } }, alex.token);
    expect([errorCodes(again), errorField(again)]).toEqual([['BAD_USER_INPUT'], 'input.id']);
  });

  it('deletes a session and returns its id', async () => {
    const id = (await start(alex.token))?.id;
    expect(errorCodes(await graphql(users.url, DELETE, { id }, sam.token))).toEqual(['FORBIDDEN']);
    expect((await graphql(users.url, DELETE, { id }, alex.token)).data).toEqual({ deleteSession: id });
    expect((await graphql(users.url, SESSION, { id }, alex.token)).data).toEqual({ session: null });
  });

  it.each([
    ['updateSession', UPDATE, (id: string) => ({ input: { id, name: 'x' } })],
    ['endSession', END, (id: string) => ({ input: { id } })],
    ['deleteSession', DELETE, (id: string) => ({ id })],
  ])("%s: NOT_FOUND for an unknown id, FORBIDDEN for someone else's", async (_name, mutation, variables) => {
    expect(errorCodes(await graphql(users.url, mutation, variables(crypto.randomUUID()), alex.token))).toEqual(['NOT_FOUND']);
    const theirs = (await start(sam.token))?.id;
    expect(errorCodes(await graphql(users.url, mutation, variables(theirs), alex.token))).toEqual(['FORBIDDEN']);
  });
});
