import { type Auth, builders, dataOf, errorCodes, errorField } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UsersWithGyms } from '../test-service';
import { startWithClimbers, UPDATE_PREFERENCES } from './test-stats';

const STATS = /* GraphQL */ `query($id: ID!, $period: StatsPeriod, $d: Discipline!) {
  user(id: $id) { stats(period: $period) {
    sessionCount climbCount sendCount flashCount onsightCount
    hardestSend(discipline: $d) { id grade { id } }
    pyramid(discipline: $d) { grade { id } sends attempts }
    progression(discipline: $d) { month hardestSend { id } sends }
  } }
}`;

let users: UsersWithGyms;
let alex: Auth;
let kim: Auth;
let g: Record<string, string>;
let font: Record<string, string>;
let fontId: string;
let climbIds: Record<string, string>;
let vGymId: string;
let routeIds: Record<string, string>;

beforeAll(async () => {
  ({ users, alex, kim, g, font, fontId, climbIds, vGymId, routeIds } = await startWithClimbers('users_stats'));
}, 120_000);
afterAll(() => users?.stop());

const stats = async (variables: Record<string, unknown>, token = alex.accessToken) =>
  dataOf(await users.gql(STATS, { id: alex.user.id, d: 'BOULDER', ...variables }, token)).user.stats;

describe('User.stats', () => {
  it('counts flashes and onsights and finds the hardest send per discipline', async () => {
    const all = await stats({});
    expect({ ...all, pyramid: undefined, progression: undefined }).toEqual({
      sessionCount: 4,
      climbCount: 6,
      sendCount: 5,
      flashCount: 1,
      onsightCount: 1,
      hardestSend: { id: climbIds['2025-11-02T18:00:00Z/V4'], grade: { id: g['V4'] } },
      pyramid: undefined,
      progression: undefined,
    });
    expect((await stats({ d: 'ROPE' })).hardestSend).toEqual({ id: climbIds['2025-11-21T18:00:00Z/5.10a'], grade: { id: expect.any(String) } });
  });

  it('shows the pyramid in the system most climbs were graded in, converting the others', async () => {
    // 6B (170) is nearest to V4 (175); V4's attempts: 4 + 2, 6B's: 1.
    expect((await stats({})).pyramid).toEqual([
      { grade: { id: g['V4'] }, sends: 2, attempts: 7 },
      { grade: { id: g['V3'] }, sends: 1, attempts: 3 },
      { grade: { id: g['V1'] }, sends: 1, attempts: 1 },
    ]);
  });

  it('converts V-scale climbs to a preferred Font, with a month per point and empty months filled', async () => {
    expect(dataOf(await users.gql(UPDATE_PREFERENCES, { input: { boulderGradeSystemId: fontId } }, alex.accessToken)).updatePreferences.boulderGradeSystem).toEqual({ id: fontId });
    const { pyramid, progression } = await stats({});
    // Ties go to the easier grade: V4 (175) is 6B, V3 (155) is 6A.
    expect(pyramid).toEqual([
      { grade: { id: font['6B'] }, sends: 2, attempts: 7 },
      { grade: { id: font['6A'] }, sends: 1, attempts: 3 },
      { grade: { id: font['5'] }, sends: 1, attempts: 1 },
    ]);
    expect(progression).toEqual([
      { month: '2025-08', hardestSend: { id: font['6A'] }, sends: 2 },
      { month: '2025-09', hardestSend: null, sends: 0 },
      { month: '2025-10', hardestSend: null, sends: 0 },
      { month: '2025-11', hardestSend: { id: font['6B'] }, sends: 2 },
    ]);
  });

  it('honours the period in every field', async () => {
    const november = await stats({ period: { from: '2025-11-01T00:00:00Z', to: '2025-11-21T00:00:00Z' } });
    expect(november).toEqual({
      sessionCount: 2,
      climbCount: 2,
      sendCount: 2,
      flashCount: 0,
      onsightCount: 1,
      hardestSend: { id: climbIds['2025-11-02T18:00:00Z/V4'], grade: { id: g['V4'] } },
      pyramid: [{ grade: { id: font['6B'] }, sends: 2, attempts: 3 }],
      progression: [{ month: '2025-11', hardestSend: { id: font['6B'] }, sends: 2 }],
    });
    const empty = await stats({ period: { to: '2025-01-01T00:00:00Z' } });
    expect(empty).toMatchObject({ sessionCount: 0, climbCount: 0, hardestSend: null, pyramid: [], progression: [] });
  });

  it('refuses a period that ends before it starts, and another user', async () => {
    const backwards = await users.gql(STATS, { id: alex.user.id, d: 'BOULDER', period: { from: '2025-02-01T00:00:00Z', to: '2025-01-01T00:00:00Z' } }, alex.accessToken);
    expect([errorCodes(backwards), errorField(backwards)]).toEqual([['BAD_USER_INPUT'], 'period.to']);
    const other = await users.gql(STATS, { id: alex.user.id, d: 'BOULDER' }, kim.accessToken);
    expect([other.data, errorCodes(other)]).toEqual([{ user: { stats: null } }, ['FORBIDDEN']]);
  });

  it('charts at most the last 120 months of the progression', async () => {
    const { accessToken, user } = await builders(users.gql).user({ username: 'lee' });
    for (const startTime of ['2010-01-10T18:00:00Z', '2025-11-10T18:00:00Z']) {
      const session = await builders(users.gql).session(accessToken, { gymId: vGymId, startTime });
      await builders(users.gql).climb(accessToken, { sessionId: session.id, routeId: routeIds['V1']! });
    }
    const { progression } = dataOf(await users.gql(STATS, { id: user.id, d: 'BOULDER' }, accessToken)).user.stats;
    expect([progression.length, progression[0].month, progression.at(-1).month]).toEqual([120, '2015-12', '2025-11']);
  });
});
