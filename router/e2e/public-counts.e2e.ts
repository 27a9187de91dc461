import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenOf } from './cache-helpers';
import { startSupergraph, type Supergraph } from './supergraph';

const COUNTS = /* GraphQL */ `query Counts($gymId: ID!, $routeId: ID!) {
  gym(id: $gymId) { activity { sessionsLast7Days activeClimbersLast30Days } }
  route(id: $routeId) { ascents { sendCount climberCount flashRate averageAttempts } }
}`;
const OPT_IN = /* GraphQL */ `mutation OptIn { updatePreferences(input: { showOnLeaderboards: true }) { showOnLeaderboards } }`;

/**
 * Public counts reveal no single climber's activity as it happens (issue 17, finding 12): what a
 * climber who did not opt in logs reaches Gym.activity and Route.ascents only days later, all of a
 * day at once; an opted-in climber's counts at once, as their leaderboard entry does.
 */
describe('public counts', () => {
  let sg: Supergraph;
  let gym: { gymId: string; routeIds: string[] };
  const counts = async () => (await sg.request(COUNTS, { gymId: gym.gymId, routeId: gym.routeIds[0] })).data;
  const climbOnce = async (token: string) => {
    const session = await sg.build.session(token, { gymId: gym.gymId });
    await sg.build.climb(token, { sessionId: session.id, routeId: gym.routeIds[0]! });
  };
  const none = { gym: { activity: { sessionsLast7Days: 0, activeClimbersLast30Days: 0 } }, route: { ascents: { sendCount: 0, climberCount: 0, flashRate: null, averageAttempts: null } } };

  beforeAll(async () => {
    sg = await startSupergraph();
    gym = await sg.build.gymWithRoutes(await tokenOf(sg.url, 'admin@clmb.dev'), { slug: 'counts', routeCount: 1 });
  });
  afterAll(async () => {
    await sg?.stop();
  });

  it("does not move an anonymous reader's counts when a climber who did not opt in logs a climb", async () => {
    expect(await counts()).toEqual(none);
    await climbOnce((await sg.build.user()).accessToken);
    expect(await counts()).toEqual(none);
  });

  it('counts an opted-in climber at once', async () => {
    const { accessToken } = await sg.build.user();
    expect((await sg.request(OPT_IN, {}, accessToken)).errors).toBeUndefined();
    await climbOnce(accessToken);
    expect(await counts()).toEqual({
      gym: { activity: { sessionsLast7Days: 1, activeClimbersLast30Days: 1 } },
      route: { ascents: { sendCount: 1, climberCount: 1, flashRate: 1, averageAttempts: 1 } },
    });
  });
});
