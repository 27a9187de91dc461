import { type Auth, builders, dataOf, errorCodes, errorField } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUsersWithGyms, type UsersWithGyms } from '../test-service';

// Known data: alex boulders at a V-scale gym (Aug and Nov 2025) and a Font gym (Nov 2025), and
// climbs one roped route; the October gap shows in the progression.
const STATS = /* GraphQL */ `query($id: ID!, $period: StatsPeriod, $d: Discipline!) {
  user(id: $id) { stats(period: $period) {
    sessionCount climbCount sendCount flashCount onsightCount
    hardestSend(discipline: $d) { id grade { id } }
    pyramid(discipline: $d) { grade { id } sends attempts }
    progression(discipline: $d) { month hardestSend { id } sends }
  } }
}`;
const PREFERENCES = /* GraphQL */ `query($id: ID!) { user(id: $id) { preferences { boulderGradeSystem { id } ropeGradeSystem { id } showOnLeaderboards } } }`;
const UPDATE = /* GraphQL */ `mutation($input: UpdatePreferencesInput!) {
  updatePreferences(input: $input) { boulderGradeSystem { id } ropeGradeSystem { id } showOnLeaderboards }
}`;
const GYM = /* GraphQL */ `query($r: [_Any!]!, $period: LeaderboardPeriod) { _entities(representations: $r) { ... on Gym {
  activity { sessionsLast7Days activeClimbersLast30Days }
  leaderboard(period: $period) { rank points sends user { username } }
} } }`;

let users: UsersWithGyms;
let alex: Auth;
let kim: Auth;
let sam: Auth;
const g: Record<string, string> = {};
const r: Record<string, string> = {};
const font: Record<string, string> = {};
let fontId: string;
let ropeSystemId: string;
let vGymId: string;
const climbIds: Record<string, string> = {};

async function fixtures() {
  const build = builders(users.gyms.gql);
  const setter = await users.gyms.token('SETTER');
  const v = await build.gradeSystem(setter, { name: 'V', grades: ['V1', 'V3', 'V4'], scales: [130, 155, 175] });
  const f = await build.gradeSystem(setter, { name: 'F', grades: ['5', '6A', '6A+', '6B', '6B+'], scales: [130, 150, 160, 170, 180] });
  const y = await build.gradeSystem(setter, { name: 'Y', discipline: 'ROPE', grades: ['5.10a'], scales: [180] });
  for (const grade of v.grades) g[grade.value] = grade.id;
  for (const grade of f.grades) font[grade.value] = grade.id;
  fontId = f.id;
  ropeSystemId = y.id;
  vGymId = (await build.gym(setter, { gradeSystemId: v.id })).id;
  const fGym = (await build.gym(setter, { gradeSystemId: f.id })).id;
  const yGym = (await build.gym(setter, { gradeSystemId: y.id })).id;
  for (const value of ['V1', 'V3', 'V4']) r[value] = (await build.route(setter, { gymId: vGymId, gradeId: g[value]! })).id;
  r['6B'] = (await build.route(setter, { gymId: fGym, gradeId: font['6B']! })).id;
  r['5.10a'] = (await build.route(setter, { gymId: yGym, gradeId: y.grades[0]!.id })).id;
  return { fGym, yGym, setter };
}

async function logSession(token: string, gymId: string, startTime: string | undefined, climbs: [string, Record<string, unknown>][]) {
  const build = builders(users.gql);
  const session = await build.session(token, { gymId, ...(startTime && { startTime }) });
  for (const [route, ascent] of climbs) climbIds[`${startTime}/${route}`] = (await build.climb(token, { sessionId: session.id, routeId: r[route]!, ...ascent })).id;
  return session.id;
}

beforeAll(async () => {
  users = await startUsersWithGyms('users_stats');
  const { fGym, yGym } = await fixtures();
  const build = builders(users.gql);
  [alex, kim, sam] = [await build.user({ username: 'alex' }), await build.user({ username: 'kim' }), await build.user({ username: 'sam' })];
  await logSession(alex.accessToken, vGymId, '2025-08-10T18:00:00Z', [
    ['V1', { attempts: 1, sent: true, style: 'FLASH' }],
    ['V3', { attempts: 3, sent: true, style: 'REDPOINT' }],
    ['V4', { attempts: 4, sent: false, style: 'ATTEMPT' }],
  ]);
  await logSession(alex.accessToken, vGymId, '2025-11-02T18:00:00Z', [['V4', { attempts: 2, sent: true }]]);
  await logSession(alex.accessToken, fGym, '2025-11-20T18:00:00Z', [['6B', { attempts: 1, sent: true, style: 'ONSIGHT' }]]);
  await logSession(alex.accessToken, yGym, '2025-11-21T18:00:00Z', [['5.10a', { attempts: 1, sent: true }]]);
  // Recent: kim and sam at the V-scale gym this week; sam does not show on leaderboards.
  await logSession(kim.accessToken, vGymId, undefined, [['V3', { attempts: 1, sent: true, style: 'FLASH' }]]);
  await logSession(sam.accessToken, vGymId, undefined, [['V4', { attempts: 1, sent: true, style: 'FLASH' }]]);
}, 120_000);
afterAll(() => users?.stop());

const stats = async (variables: Record<string, unknown>, token = alex.accessToken) =>
  dataOf(await users.gql(STATS, { id: alex.user.id, d: 'BOULDER', ...variables }, token)).user.stats;

describe('Climb.grade', () => {
  it('is the route grade when the climb was logged, kept when the route is regraded', async () => {
    const setter = await users.gyms.token('SETTER');
    const route = (await builders(users.gyms.gql).route(setter, { gymId: vGymId, gradeId: g['V1']! })).id;
    r['regraded'] = route;
    const climbId = await logSession(kim.accessToken, vGymId, '2025-01-05T10:00:00Z', [['regraded', { attempts: 1, sent: true }]]);
    await users.gyms.gql(/* GraphQL */ `mutation($input: UpdateRouteInput!) { updateRoute(input: $input) { id } }`, { input: { id: route, gradeId: g['V4'] } }, setter);
    const query = /* GraphQL */ `query($id: ID!) { session(id: $id) { createdAt updatedAt climbs { grade { id } createdAt updatedAt } } }`;
    const { session } = dataOf(await users.gql(query, { id: climbId }, kim.accessToken));
    expect(session.climbs.map((climb: { grade: unknown }) => climb.grade)).toEqual([{ id: g['V1'] }]);
    expect(session.updatedAt).toEqual(expect.any(String));
  });
});

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
    expect(dataOf(await users.gql(UPDATE, { input: { boulderGradeSystemId: fontId } }, alex.accessToken)).updatePreferences.boulderGradeSystem).toEqual({ id: fontId });
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
});

describe('Preferences', () => {
  it('default until changed; owner or ADMIN only', async () => {
    const own = await users.gql(PREFERENCES, { id: kim.user.id }, kim.accessToken);
    expect(own.data).toEqual({ user: { preferences: { boulderGradeSystem: null, ropeGradeSystem: null, showOnLeaderboards: false } } });
    const other = await users.gql(PREFERENCES, { id: kim.user.id }, alex.accessToken);
    expect([other.data, errorCodes(other)]).toEqual([{ user: { preferences: null } }, ['FORBIDDEN']]);
    const admin = await users.gql(PREFERENCES, { id: alex.user.id }, await users.token('ADMIN'));
    expect(admin.data?.user.preferences.boulderGradeSystem).toEqual({ id: fontId });
  });

  it('keeps what is left out and clears with null', async () => {
    const set = await users.gql(UPDATE, { input: { ropeGradeSystemId: ropeSystemId, showOnLeaderboards: true } }, kim.accessToken);
    expect(set.data?.updatePreferences).toEqual({ boulderGradeSystem: null, ropeGradeSystem: { id: ropeSystemId }, showOnLeaderboards: true });
    const cleared = await users.gql(UPDATE, { input: { ropeGradeSystemId: null } }, kim.accessToken);
    expect(cleared.data?.updatePreferences).toEqual({ boulderGradeSystem: null, ropeGradeSystem: null, showOnLeaderboards: true });
  });

  it.each([
    ['an unknown grade system', () => ({ boulderGradeSystemId: crypto.randomUUID() }), 'input.boulderGradeSystemId'],
    ['a system of the other discipline', () => ({ boulderGradeSystemId: ropeSystemId }), 'input.boulderGradeSystemId'],
    ['a boulder system for rope', () => ({ ropeGradeSystemId: fontId }), 'input.ropeGradeSystemId'],
    ['a malformed id', () => ({ ropeGradeSystemId: 'nope' }), 'input.ropeGradeSystemId'],
    ['a null showOnLeaderboards', () => ({ showOnLeaderboards: null }), 'input.showOnLeaderboards'],
  ])('BAD_USER_INPUT for %s', async (_name, input, field) => {
    const response = await users.gql(UPDATE, { input: input() }, sam.accessToken);
    expect([errorCodes(response), errorField(response)]).toEqual([['BAD_USER_INPUT'], field]);
  });

  it('UNAUTHENTICATED without a token', async () => {
    expect(errorCodes(await users.gql(UPDATE, { input: { showOnLeaderboards: true } }))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('Session.summary', () => {
  it('counts climbs, sends and flashes and names the hardest send', async () => {
    const query = /* GraphQL */ `{ me { sessions { edges { node { startTime summary { climbCount sendCount flashCount hardestSend { id } } } } } } }`;
    const edges = dataOf(await users.gql(query, {}, alex.accessToken)).me.sessions.edges;
    const august = edges.find((edge: { node: { startTime: string } }) => edge.node.startTime.startsWith('2025-08'));
    expect(august.node.summary).toEqual({ climbCount: 3, sendCount: 2, flashCount: 1, hardestSend: { id: climbIds['2025-08-10T18:00:00Z/V3'] } });
  });
});

describe('Gym.activity and Gym.leaderboard', () => {
  const gym = async (period?: string) => dataOf(await users.gql(GYM, { r: [{ __typename: 'Gym', id: vGymId }], period }))._entities[0];

  it('lists opted-in climbers only, with points from their sends in the period', async () => {
    await users.gql(UPDATE, { input: { showOnLeaderboards: true } }, alex.accessToken);
    // kim opted in above; sam never did.
    expect((await gym('ALL_TIME')).leaderboard).toEqual([
      // alex: V1 flashed (130 + 10), V3 (155), V4 (175); the attempt and the repeat of V4 add nothing.
      { rank: 1, points: 470, sends: 3, user: { username: 'alex' } },
      // kim: V3 flashed (155 + 10), the regraded route as logged, V1 (130).
      { rank: 2, points: 295, sends: 2, user: { username: 'kim' } },
    ]);
    expect((await gym('WEEK')).leaderboard).toEqual([{ rank: 1, points: 165, sends: 1, user: { username: 'kim' } }]);
  });

  it('shows the first entries only, 0 to 100 of them', async () => {
    const query = /* GraphQL */ `query($r: [_Any!]!, $first: Int) { _entities(representations: $r) { ... on Gym { leaderboard(period: ALL_TIME, first: $first) { rank } } } }`;
    const r = [{ __typename: 'Gym', id: vGymId }];
    expect(dataOf(await users.gql(query, { r, first: 1 }))._entities).toEqual([{ leaderboard: [{ rank: 1 }] }]);
    const tooMany = await users.gql(query, { r, first: 101 });
    expect([errorCodes(tooMany), errorField(tooMany)]).toEqual([['BAD_USER_INPUT'], 'first']);
  });

  it('counts recent sessions and climbers', async () => {
    expect((await gym()).activity).toEqual({ sessionsLast7Days: 2, activeClimbersLast30Days: 2 });
  });
});
