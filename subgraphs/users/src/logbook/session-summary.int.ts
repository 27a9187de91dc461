import { type Auth, dataOf } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWithClimbers } from '../stats/test-stats';
import type { UsersWithGyms } from '../test-service';

let users: UsersWithGyms;
let alex: Auth;
let climbIds: Record<string, string>;

beforeAll(async () => {
  ({ users, alex, climbIds } = await startWithClimbers('users_session_summary'));
}, 120_000);
afterAll(() => users?.stop());

describe('Session.summary', () => {
  it('counts climbs, sends and flashes and names the hardest send', async () => {
    const query = /* GraphQL */ `{ me { sessions { edges { node { startTime summary { climbCount sendCount flashCount hardestSend { id } } } } } } }`;
    const edges = dataOf(await users.gql(query, {}, alex.accessToken)).me.sessions.edges;
    const august = edges.find((edge: { node: { startTime: string } }) => edge.node.startTime.startsWith('2025-08'));
    expect(august.node.summary).toEqual({ climbCount: 3, sendCount: 2, flashCount: 1, hardestSend: { id: climbIds['2025-08-10T18:00:00Z/V3'] } });
  });
});
