import type { GymWithRoutes } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSupergraph, type Supergraph } from './supergraph';

const LOGBOOK = /* GraphQL */ `
  query Logbook {
    me {
      stats {
        climbCount flashCount
        pyramid(discipline: BOULDER) { grade { value } sends attempts }
        progression(discipline: BOULDER) { month hardestSend { value } sends }
      }
      sessions(first: 50) {
        totalCount
        edges {
          node {
            name
            duration
            summary { climbCount sendCount hardestSend { attempts grade { value } } }
            gym { name gradeSystem { name } }
            climbs { attempts route { colour grade { value } gym { name } } }
          }
        }
      }
    }
  }
`;

// PUBLIC accounts: anyone sees their leaderboard entries (privacy).
const OPT_IN = /* GraphQL */ `mutation OptIn { updatePreferences(input: { showOnLeaderboards: true, visibility: PUBLIC }) { showOnLeaderboards } }`;
const GYMS = /* GraphQL */ `
  query Gyms($first: Int!) {
    gyms(first: $first) {
      edges { node { name activity { sessionsLast7Days activeClimbersLast30Days } leaderboard(period: ALL_TIME) { rank points user { username } } } }
    }
  }
`;

/**
 * No N+1: per-request DataLoaders turn every list into one batched statement, so the SQL a
 * logbook query costs must not grow with the sessions and climbs it returns.
 */
describe('SQL statements per logbook query', () => {
  let sg: Supergraph;
  const climbers: Record<number, string> = {};

  async function climberWithSessions(name: string, sessionCount: number, gyms: GymWithRoutes[]) {
    const { accessToken } = await sg.build.user({ username: name });
    await sg.request(OPT_IN, {}, accessToken);
    for (let i = 0; i < sessionCount; i++) {
      const gym = gyms[i % gyms.length]!;
      const started = await sg.build.session(accessToken, { gymId: gym.gymId, name: `session ${i}` });
      for (const routeId of gym.routeIds) await sg.build.climb(accessToken, { sessionId: started.id, routeId, attempts: 2, sent: true });
    }
    return accessToken;
  }

  async function countStatements(token: string) {
    sg.statements.users.length = 0;
    sg.statements.gyms.length = 0;
    const res = await sg.request(LOGBOOK, {}, token);
    expect(res.errors).toBeUndefined();
    return { users: sg.statements.users.length, gyms: sg.statements.gyms.length, sessions: res.data!['me'].sessions.edges.length };
  }

  beforeAll(async () => {
    sg = await startSupergraph();
    const admin = (await sg.build.logIn('admin@clmb.dev')).accessToken;
    const gyms: GymWithRoutes[] = [];
    for (const slug of ['north', 'south', 'east']) gyms.push(await sg.build.gymWithRoutes(admin, { slug, routeCount: 2 }));
    climbers[1] = await climberWithSessions('one', 1, gyms);
    climbers[50] = await climberWithSessions('fifty', 50, gyms);
  }, 120_000);
  afterAll(() => sg?.stop());

  it('is the same for 1 session with 2 climbs as for 50 sessions with 100 climbs at 3 gyms', async () => {
    // The first stats request of a process fills its grade-system cache (gyms, once a minute).
    await countStatements(climbers[1]!);
    const one = await countStatements(climbers[1]!);
    const fifty = await countStatements(climbers[50]!);
    expect(one.sessions).toBe(1);
    expect(fifty.sessions).toBe(50);
    expect({ users: fifty.users, gyms: fifty.gyms }).toEqual({ users: one.users, gyms: one.gyms });
    // A few batched statements per service, however many rows come back.
    expect(one.users + one.gyms).toBeLessThanOrEqual(16);
  });

  it("is the same for 1 gym's activity and leaderboard as for 3", async () => {
    const count = async (first: number) => {
      sg.statements.users.length = 0;
      sg.statements.gyms.length = 0;
      const res = await sg.request(GYMS, { first });
      expect(res.errors).toBeUndefined();
      expect(res.data!['gyms'].edges).toHaveLength(first);
      expect(res.data!['gyms'].edges[0].node.leaderboard.length).toBeGreaterThan(0);
      return { users: sg.statements.users.length, gyms: sg.statements.gyms.length };
    };
    const one = await count(1);
    expect(await count(3)).toEqual(one);
    // One statement each for activity, leaderboards, who the reader may see of them (privacy) and
    // their users; gyms answers the page in one.
    expect(one.users).toBeLessThanOrEqual(4);
  });
});

const GYM_ROUTES = /* GraphQL */ `
  query GymRoutes($id: ID!) {
    gym(id: $id) {
      routes { name rating { average count } communityGrade { value } ascents { sendCount climberCount flashRate averageAttempts } myRating { stars } }
    }
  }
`;

/**
 * The fields the users service contributes to Route are batched too: a gym's page of routes costs
 * one users statement per field, however many routes it has.
 */
describe('SQL statements per page of routes with their community fields', () => {
  let sg: Supergraph;
  let rater: string;
  const gyms: Record<number, GymWithRoutes> = {};

  async function countStatements(gymId: string) {
    sg.statements.users.length = 0;
    sg.statements.gyms.length = 0;
    const res = await sg.request(GYM_ROUTES, { id: gymId }, rater);
    expect(res.errors).toBeUndefined();
    return { users: sg.statements.users.length, gyms: sg.statements.gyms.length, routes: res.data!['gym'].routes.length };
  }

  beforeAll(async () => {
    sg = await startSupergraph();
    const admin = (await sg.build.logIn('admin@clmb.dev')).accessToken;
    const raters = [await sg.build.user({ username: 'rater1' }), await sg.build.user({ username: 'rater2' }), await sg.build.user({ username: 'rater3' })];
    rater = raters[0]!.accessToken;
    for (const size of [10, 50]) {
      const gym = await sg.build.gymWithRoutes(admin, { slug: `routes-${size}`, routeCount: size });
      gyms[size] = gym;
      // On every page, one route with a community grade, ratings and an ascent.
      for (const [i, who] of raters.entries()) {
        const input = { routeId: gym.routeIds[0], stars: 3 + (i % 2), suggestedGradeId: gym.grades[i]!.id };
        expect((await sg.request(/* GraphQL */ `mutation($input: RateRouteInput!) { rateRoute(input: $input) { id } }`, { input }, who.accessToken)).errors).toBeUndefined();
      }
      const session = await sg.build.session(rater, { gymId: gym.gymId });
      await sg.build.climb(rater, { sessionId: session.id, routeId: gym.routeIds[1]!, attempts: 2, sent: true });
    }
  }, 180_000);
  afterAll(() => sg?.stop());

  it('is the same for 10 routes as for 50', async () => {
    const ten = await countStatements(gyms[10]!.gymId);
    const fifty = await countStatements(gyms[50]!.gymId);
    expect([ten.routes, fifty.routes]).toEqual([10, 50]);
    expect({ users: fifty.users, gyms: fifty.gyms }).toEqual({ users: ten.users, gyms: ten.gyms });
    // users: rating, communityGrade, ascents, myRating; gyms: the gym, its routes, the community grades.
    expect({ users: ten.users, gyms: ten.gyms }).toEqual({ users: 4, gyms: 3 });
  });
});
