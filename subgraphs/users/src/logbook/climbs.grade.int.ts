import { type Auth, dataOf } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWithClimbers } from '../stats/test-stats';
import type { UsersWithGyms } from '../test-service';

let users: UsersWithGyms;
let kim: Auth;
let g: Record<string, string>;
let regradedSessionId: string;

beforeAll(async () => {
  ({ users, kim, g, regradedSessionId } = await startWithClimbers('users_climbs_grade'));
}, 120_000);
afterAll(() => users?.stop());

describe('Climb.grade', () => {
  it('is the route grade when the climb was logged, kept when the route is regraded', async () => {
    const query = /* GraphQL */ `query($id: ID!) { session(id: $id) { createdAt updatedAt climbs { grade { id } createdAt updatedAt } } }`;
    const { session } = dataOf(await users.gql(query, { id: regradedSessionId }, kim.accessToken));
    expect(session.climbs.map((climb: { grade: unknown }) => climb.grade)).toEqual([{ id: g['V1'] }]);
    expect(session.updatedAt).toEqual(expect.any(String));
  });
});
