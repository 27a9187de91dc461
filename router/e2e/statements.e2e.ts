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

const OPT_IN = /* GraphQL */ `mutation OptIn { updatePreferences(input: { showOnLeaderboards: true }) { showOnLeaderboards } }`;
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
    // One statement each for activity, leaderboards and their users; gyms answers the page in one.
    expect(one.users).toBeLessThanOrEqual(3);
  });
});
