import type { GymWithRoutes } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSupergraph, type Supergraph } from './supergraph';

const PREFERENCES = /* GraphQL */ `mutation Prefs($input: UpdatePreferencesInput!) {
  updatePreferences(input: $input) { boulderGradeSystem { name } showOnLeaderboards }
}`;
const STATS = /* GraphQL */ `query Stats {
  me {
    stats(period: { from: "2025-01-01T00:00:00Z" }) {
      climbCount sendCount flashCount
      hardestSend(discipline: BOULDER) { attempts grade { value } route { colour } }
      pyramid(discipline: BOULDER) { grade { value system { name } } sends attempts }
      progression(discipline: BOULDER) { month hardestSend { value } sends }
    }
    sessions { edges { node { summary { climbCount sendCount flashCount hardestSend { grade { value } } } } } }
  }
}`;
const GYM = /* GraphQL */ `query Gym($id: ID!) {
  gym(id: $id) { name activity { sessionsLast7Days activeClimbersLast30Days } leaderboard(period: WEEK) { rank points sends user { username } } }
}`;

describe('stats and gym contributions through the router', () => {
  let sg: Supergraph;
  let gym: GymWithRoutes;
  let lea: string;

  beforeAll(async () => {
    sg = await startSupergraph();
    const admin = (await sg.build.logIn('admin@clmb.dev')).accessToken;
    // V-scale <slug>: VB (100), V0 (110), V1 (120).
    gym = await sg.build.gymWithRoutes(admin, { slug: 'stats-wall', routeCount: 3 });
    lea = (await sg.build.user({ username: 'lea' })).accessToken;
    const session = await sg.build.session(lea, { gymId: gym.gymId, startTime: new Date(Date.now() - 3_600_000).toISOString() });
    await sg.build.climb(lea, { sessionId: session.id, routeId: gym.routeIds[0]!, attempts: 1, sent: true, style: 'FLASH' });
    await sg.build.climb(lea, { sessionId: session.id, routeId: gym.routeIds[2]!, attempts: 3, sent: true });
    await sg.build.climb(lea, { sessionId: session.id, routeId: gym.routeIds[1]!, attempts: 2, sent: false });
    // Someone at the gym who keeps off leaderboards.
    const quiet = (await sg.build.user({ username: 'quiet' })).accessToken;
    const other = await sg.build.session(quiet, { gymId: gym.gymId });
    await sg.build.climb(quiet, { sessionId: other.id, routeId: gym.routeIds[2]!, attempts: 1, sent: true });
  }, 120_000);
  afterAll(() => sg?.stop());

  it('preferences name gyms grade systems, resolved by the gyms service', async () => {
    const res = await sg.request(PREFERENCES, { input: { boulderGradeSystemId: gym.gradeSystemId, showOnLeaderboards: true, visibility: 'PUBLIC' } }, lea);
    expect(res).toEqual({ status: 200, data: { updatePreferences: { boulderGradeSystem: { name: 'V-scale stats-wall' }, showOnLeaderboards: true } } });
  });

  it("a climber's stats, with grades and routes from the gyms service", async () => {
    const month = new Date(Date.now() - 3_600_000).toISOString().slice(0, 7);
    expect(await sg.request(STATS, {}, lea)).toEqual({
      status: 200,
      data: {
        me: {
          stats: {
            climbCount: 3,
            sendCount: 2,
            flashCount: 1,
            hardestSend: { attempts: 3, grade: { value: 'V1' }, route: { colour: 'red' } },
            pyramid: [
              { grade: { value: 'V1', system: { name: 'V-scale stats-wall' } }, sends: 1, attempts: 3 },
              { grade: { value: 'V0', system: { name: 'V-scale stats-wall' } }, sends: 0, attempts: 2 },
              { grade: { value: 'VB', system: { name: 'V-scale stats-wall' } }, sends: 1, attempts: 1 },
            ],
            progression: [{ month, hardestSend: { value: 'V1' }, sends: 2 }],
          },
          sessions: { edges: [{ node: { summary: { climbCount: 3, sendCount: 2, flashCount: 1, hardestSend: { grade: { value: 'V1' } } } } }] },
        },
      },
    });
  });

  it("a gym's activity and leaderboard come from the users service, opted-in climbers only", async () => {
    // lea: V1 (120) + VB flashed (100 + 10). quiet's session of today counts in `activity` only days later (public-counts.e2e.ts).
    expect(await sg.request(GYM, { id: gym.gymId })).toEqual({
      status: 200,
      data: {
        gym: {
          name: 'Gym stats-wall',
          activity: { sessionsLast7Days: 1, activeClimbersLast30Days: 1 },
          leaderboard: [{ rank: 1, points: 230, sends: 2, user: { username: 'lea' } }],
        },
      },
    });
  });

  it('gyms down: the stats the users service holds still arrive, gyms fields are null with a coded error', async () => {
    await sg.services.gyms.stop();
    const query = /* GraphQL */ `query Down { me { stats { climbCount hardestSend(discipline: BOULDER) { attempts route { colour } } pyramid(discipline: BOULDER) { grade { id } sends } } } }`;
    const res = await sg.request(query, {}, lea);
    expect(res.data).toEqual({
      me: { stats: { climbCount: 3, hardestSend: { attempts: 3, route: null }, pyramid: [expect.anything(), expect.anything(), expect.anything()] } },
    });
    expect(res.errors).toEqual([expect.objectContaining({ path: ['me', 'stats', 'hardestSend', 'route'], extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'gyms' } })]);
  });
});
