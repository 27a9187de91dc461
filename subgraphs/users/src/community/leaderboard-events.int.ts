import type { EntityEvent } from '@clmb/common';
import { builders } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GymFixtures, startUsersWithGyms, type UsersWithGyms } from '../test-service';

let users: UsersWithGyms;
let fx: GymFixtures;
const heard: EntityEvent[] = [];
const stream = new AbortController();

/** Follows the service's GET /events, as a router without Redis does. */
async function follow(url: string) {
  const response = await fetch(url, { signal: stream.signal });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
    if (done) return;
    buffered += value;
    const messages = buffered.split('\n\n');
    buffered = messages.pop() ?? '';
    for (const message of messages) if (message.startsWith('data: ')) heard.push(JSON.parse(message.slice(6)));
  }
}

/** The events heard once `count` have come, and then a moment more (none extra may follow). */
async function heardAfter(step: () => Promise<unknown>, count: number) {
  heard.length = 0;
  await step();
  while (heard.length < count) await new Promise((resolve) => setTimeout(resolve, 20));
  await new Promise((resolve) => setTimeout(resolve, 200));
  return heard.map((event) => event.topic).sort();
}

const board = (gymId: string) => `leaderboardChanged:${gymId}`;

beforeAll(async () => {
  users = await startUsersWithGyms('users_leaderboard_events');
  fx = users.gyms.fixtures;
  void follow(`${users.baseUrl}/events`);
});
afterAll(async () => {
  stream.abort();
  await users?.stop();
});

describe("a gym's leaderboard event, once per write and gym, after the commit", () => {
  it('logClimb, updateClimb, deleteClimb, deleteSession; joining the leaderboards announces every gym climbed at', async () => {
    const build = builders(users.gql);
    const { accessToken: token } = await build.user({ username: 'ada' });
    const session = await build.session(token, { gymId: fx.gymId });
    const other = await build.session(token, { gymId: fx.otherGymId });
    const climb = await heardAfter(() => build.climb(token, { sessionId: session.id, routeId: fx.routeId }), 1);
    expect(climb).toEqual([board(fx.gymId)]);
    let climbId = '';
    await heardAfter(async () => (climbId = (await build.climb(token, { sessionId: session.id, routeId: fx.routeId })).id), 1);
    expect(await heardAfter(() => users.gql(`mutation($id: ID!) { updateClimb(input: { id: $id, attempts: 4 }) { id } }`, { id: climbId }, token), 1)).toEqual([board(fx.gymId)]);
    expect(await heardAfter(() => users.gql(`mutation($id: ID!) { deleteClimb(input: { id: $id }) }`, { id: climbId }, token), 1)).toEqual([board(fx.gymId)]);
    expect(
      await heardAfter(() => users.gql(`mutation { updatePreferences(input: { showOnLeaderboards: true }) { showOnLeaderboards } }`, {}, token), 2),
    ).toEqual([board(fx.gymId), board(fx.otherGymId)].sort());
    // Narrowing a session changes which of its sends score; renaming it leaves the board as it is.
    const updateSession = (input: string) => users.gql(`mutation($id: ID!) { updateSession(input: { id: $id, ${input} }) { id } }`, { id: session.id }, token);
    expect(await heardAfter(() => updateSession('visibility: PRIVATE'), 1)).toEqual([board(fx.gymId)]);
    expect(await heardAfter(() => updateSession('visibility: null'), 1)).toEqual([board(fx.gymId)]);
    expect(await heardAfter(() => updateSession('name: "Evening"'), 0)).toEqual([]);
    expect(await heardAfter(() => users.gql(`mutation($id: ID!) { deleteSession(input: { id: $id }) }`, { id: other.id }, token), 1)).toEqual([board(fx.otherGymId)]);
    // A refused write announces nothing.
    expect(await heardAfter(() => users.gql(`mutation($id: ID!) { deleteSession(input: { id: $id }) }`, { id: other.id }, token), 0)).toEqual([]);
  });
});
