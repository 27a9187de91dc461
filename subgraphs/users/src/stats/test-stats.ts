import { type Auth, builders } from '@clmb/testkit';
import { startUsersWithGyms, type UsersWithGyms } from '../test-service';

export const UPDATE_PREFERENCES = /* GraphQL */ `mutation($input: UpdatePreferencesInput!) {
  updatePreferences(input: $input) { boulderGradeSystem { id } ropeGradeSystem { id } showOnLeaderboards }
}`;
const UPDATE_ROUTE = /* GraphQL */ `mutation($input: UpdateRouteInput!) { updateRoute(input: $input) { id } }`;

interface WithClimbers {
  users: UsersWithGyms;
  alex: Auth;
  kim: Auth;
  sam: Auth;
  /** Grade ids by value: the V scale's, the Font scale's. */
  g: Record<string, string>;
  font: Record<string, string>;
  fontId: string;
  ropeSystemId: string;
  vGymId: string;
  /** Route ids by grade value at the V-scale gym. */
  routeIds: Record<string, string>;
  /** Each climb's id by `<session start>/<route's grade>`. */
  climbIds: Record<string, string>;
  /** kim's session of January 2025, on a route graded V1 then and V4 since. */
  regradedSessionId: string;
}

/**
 * Known data: alex boulders at a V-scale gym (Aug and Nov 2025) and a Font gym (Nov 2025), and
 * climbs one roped route; the October gap shows in the progression. kim and sam flash at the
 * V-scale gym this week (sam does not show on leaderboards); kim also logged a route in January
 * 2025 that was regraded afterwards.
 */
export async function startWithClimbers(label: string): Promise<WithClimbers> {
  const users = await startUsersWithGyms(label);
  const build = builders(users.gyms.gql);
  const admin = await users.gyms.token('ADMIN');
  const v = await build.gradeSystem(admin, { name: 'V', grades: ['V1', 'V3', 'V4'], scales: [130, 155, 175] });
  const f = await build.gradeSystem(admin, { name: 'F', grades: ['5', '6A', '6A+', '6B', '6B+'], scales: [130, 150, 160, 170, 180] });
  const y = await build.gradeSystem(admin, { name: 'Y', discipline: 'ROPE', grades: ['5.10a'], scales: [180] });
  const g = Object.fromEntries(v.grades.map((grade) => [grade.value, grade.id]));
  const font = Object.fromEntries(f.grades.map((grade) => [grade.value, grade.id]));
  const vGymId = (await build.gym(admin, { gradeSystemId: v.id })).id;
  const fGym = (await build.gym(admin, { gradeSystemId: f.id })).id;
  const yGym = (await build.gym(admin, { gradeSystemId: y.id })).id;
  const r: Record<string, string> = {};
  for (const value of ['V1', 'V3', 'V4']) r[value] = (await build.route(admin, { gymId: vGymId, gradeId: g[value]! })).id;
  // V1 when kim logs it, V4 after.
  r['regraded'] = (await build.route(admin, { gymId: vGymId, gradeId: g['V1']! })).id;
  r['6B'] = (await build.route(admin, { gymId: fGym, gradeId: font['6B']! })).id;
  r['5.10a'] = (await build.route(admin, { gymId: yGym, gradeId: y.grades[0]!.id })).id;

  const climbers = builders(users.gql);
  const [alex, kim, sam] = [await climbers.user({ username: 'alex' }), await climbers.user({ username: 'kim' }), await climbers.user({ username: 'sam' })];
  const climbIds: Record<string, string> = {};
  async function logSession(token: string, gymId: string, startTime: string | undefined, climbs: [string, Record<string, unknown>][]) {
    const session = await climbers.session(token, { gymId, ...(startTime && { startTime }) });
    for (const [route, ascent] of climbs) climbIds[`${startTime}/${route}`] = (await climbers.climb(token, { sessionId: session.id, routeId: r[route]!, ...ascent })).id;
    return session.id;
  }
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
  const regradedSessionId = await logSession(kim.accessToken, vGymId, '2025-01-05T10:00:00Z', [['regraded', { attempts: 1, sent: true }]]);
  await users.gyms.gql(UPDATE_ROUTE, { input: { id: r['regraded'], gradeId: g['V4'] } }, admin);
  return { users, alex, kim, sam, g, font, fontId: f.id, ropeSystemId: y.id, vGymId, routeIds: r, climbIds, regradedSessionId };
}
