import { type Auth, type Builders, builders, errorCodes, errorField } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUsersWithGyms, type UsersWithGyms } from '../test-service';

// The patch rule of every session input: a field left out stays as it is (or takes its default),
// null clears a field that may be empty and is refused on one that cannot, and times must have happened.
const FIELDS = 'name startTime endTime notes mood energy';
const START = /* GraphQL */ `mutation($input: StartSessionInput!) { startSession(input: $input) { ${FIELDS} } }`;
const UPDATE = /* GraphQL */ `mutation($input: UpdateSessionInput!) { updateSession(input: $input) { ${FIELDS} } }`;
const END = /* GraphQL */ `mutation($input: EndSessionInput!) { endSession(input: $input) { ${FIELDS} } }`;
const SESSION = /* GraphQL */ `query($id: ID!) { session(id: $id) { ${FIELDS} } }`;
const CANNOT_BE_NULL = 'cannot be null: omit the field to keep its value';

let users: UsersWithGyms;
let build: Builders;
let alex: Auth;

const HOUR = 3_600_000;
const fromNow = (ms: number) => new Date(Date.now() + ms).toISOString();
const STARTED = { name: 'Evening', startTime: '2026-04-01T18:00:00.000Z', endTime: null, notes: 'crimps', mood: 'GOOD', energy: 'TIRED' };
const ENDED = { ...STARTED, endTime: '2026-04-01T20:00:00.000Z' };

/** One of alex's sessions with every field set (STARTED, or ENDED). */
async function session(ended = false): Promise<string> {
  const { id } = await build.session(alex.accessToken, { gymId: users.gyms.fixtures.gymId, name: STARTED.name, startTime: STARTED.startTime });
  const input = { id, notes: STARTED.notes, mood: STARTED.mood, energy: STARTED.energy, ...(ended && { endTime: ENDED.endTime }) };
  expect((await users.gql(UPDATE, { input }, alex.accessToken)).data).toEqual({ updateSession: ended ? ENDED : STARTED });
  return id;
}
const send = (mutation: string, input: Record<string, unknown>) => users.gql(mutation, { input }, alex.accessToken);
const refusal = (response: Awaited<ReturnType<typeof send>>) => [errorCodes(response), errorField(response), response.errors?.[0]?.message];
const stored = async (id: string) => (await users.gql(SESSION, { id }, alex.accessToken)).data?.session;

beforeAll(async () => {
  users = await startUsersWithGyms('users_sessions_patch');
  build = builders(users.gql);
  alex = await build.user();
});
afterAll(() => users?.stop());

describe('updateSession', () => {
  it('keeps the fields left out', async () => {
    const id = await session();
    expect((await send(UPDATE, { id, mood: 'OKAY' })).data).toEqual({ updateSession: { ...STARTED, mood: 'OKAY' } });
  });

  it('clears name, notes, mood and energy with null', async () => {
    const id = await session(true);
    const cleared = { name: null, notes: null, mood: null, energy: null };
    expect((await send(UPDATE, { id, ...cleared })).data).toEqual({ updateSession: { ...ENDED, ...cleared } });
  });

  it('refuses null on startTime, naming it, and changes nothing', async () => {
    const id = await session();
    const response = await send(UPDATE, { id, startTime: null, notes: 'changed' });
    expect(refusal(response)).toEqual([['BAD_USER_INPUT'], 'input.startTime', `input.startTime: ${CANNOT_BE_NULL}`]);
    expect(await stored(id)).toEqual(STARTED);
  });

  it('refuses to re-open an ended session with endTime: null, but moves its end', async () => {
    const id = await session(true);
    const reopen = await send(UPDATE, { id, endTime: null });
    expect(refusal(reopen)).toEqual([['BAD_USER_INPUT'], 'input.endTime', 'input.endTime: an ended session cannot be re-opened']);
    expect(await stored(id)).toEqual(ENDED);
    const moved = await send(UPDATE, { id, endTime: '2026-04-01T21:00:00Z' });
    expect(moved.data).toEqual({ updateSession: { ...ENDED, endTime: '2026-04-01T21:00:00.000Z' } });
    // An open session has no end to clear: null leaves it open.
    const open = await session();
    expect((await send(UPDATE, { id: open, endTime: null })).data).toEqual({ updateSession: STARTED });
  });

  it.each(['startTime', 'endTime'])('refuses a %s more than 5 minutes in the future, but allows clock skew', async (field) => {
    const id = await session();
    expect(refusal(await send(UPDATE, { id, [field]: fromNow(HOUR) }))).toEqual([['BAD_USER_INPUT'], `input.${field}`, `input.${field}: must not be in the future`]);
    expect(await stored(id)).toEqual(STARTED);
    expect(errorCodes(await send(UPDATE, { id, [field]: fromNow(60_000) }))).toEqual([]);
  });
});

describe('startSession', () => {
  it('takes null as no name', async () => {
    const response = await send(START, { gymId: users.gyms.fixtures.gymId, name: null, startTime: STARTED.startTime });
    expect(response.data).toEqual({ startSession: { ...STARTED, name: null, notes: null, mood: null, energy: null } });
  });

  it('takes a null startTime as now', async () => {
    const before = Date.now();
    const started = (await send(START, { gymId: users.gyms.fixtures.gymId, startTime: null })).data?.startSession;
    expect(new Date(started.startTime).getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it('refuses a startTime in the future, naming it', async () => {
    const response = await send(START, { gymId: users.gyms.fixtures.gymId, startTime: fromNow(HOUR) });
    expect([...refusal(response), response.data]).toEqual([['BAD_USER_INPUT'], 'input.startTime', 'input.startTime: must not be in the future', null]);
  });
});

describe('endSession', () => {
  it('ends now when endTime is left out; null clears notes, mood and energy, left out keeps them', async () => {
    const id = await session();
    const before = Date.now();
    const ended = (await send(END, { id, notes: null, mood: null })).data?.endSession;
    expect({ ...ended, endTime: null }).toEqual({ ...STARTED, notes: null, mood: null });
    expect(new Date(ended.endTime).getTime()).toBeGreaterThanOrEqual(before);
    expect(new Date(ended.endTime).getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('takes a null endTime as now', async () => {
    const ended = (await send(END, { id: await session(), endTime: null })).data?.endSession;
    expect(new Date(ended.endTime).getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('refuses an endTime in the future, naming it, and leaves the session open', async () => {
    const id = await session();
    const response = await send(END, { id, endTime: fromNow(HOUR), notes: 'changed' });
    expect([...refusal(response), response.data]).toEqual([['BAD_USER_INPUT'], 'input.endTime', 'input.endTime: must not be in the future', null]);
    expect(await stored(id)).toEqual(STARTED);
  });
});
