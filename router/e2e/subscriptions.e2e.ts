import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, liveClient, metric } from './live-client';
import { type Supergraph, startSupergraph } from './supergraph';

const LEADERBOARD = /* GraphQL */ `subscription Board($gymId: ID!) {
  leaderboardChanged(gymId: $gymId, period: WEEK) { period gym { name } entries { rank points user { username } } }
}`;
const JOIN = /* GraphQL */ `mutation Join { updatePreferences(input: { showOnLeaderboards: true }) { showOnLeaderboards } }`;

describe('subscriptions through the router, events from the subgraphs\' streams (no Redis)', () => {
  let sg: Supergraph;
  let gym: { gymId: string; routeIds: string[] };
  let lea: string;

  beforeAll(async () => {
    sg = await startSupergraph();
    const admin = (await sg.build.logIn('admin@clmb.dev')).accessToken;
    gym = await sg.build.gymWithRoutes(admin, { slug: 'live-wall', routeCount: 2 });
    lea = (await sg.build.user({ username: 'lea_live' })).accessToken;
    await sg.request(JOIN, {}, lea);
  }, 120_000);
  afterAll(() => sg?.stop());

  it('a logged climb sends the subscriber its leaderboard, with the gym name from the gyms service', async () => {
    const live = liveClient(sg.url, lea);
    try {
      const board = live.subscribe(LEADERBOARD, { gymId: gym.gymId });
      const before = await metric(sg.baseUrl, 'clmb_router_subscriptions');
      const next = board.next();
      await eventually(async () => (await metric(sg.baseUrl, 'clmb_router_subscriptions')) > before);
      const session = await sg.build.session(lea, { gymId: gym.gymId });
      await sg.build.climb(lea, { sessionId: session.id, routeId: gym.routeIds[0]!, attempts: 1, sent: true, style: 'FLASH' });
      expect((await next).value).toEqual({
        data: { leaderboardChanged: { period: 'WEEK', gym: { name: 'Gym live-wall' }, entries: [{ rank: 1, points: 110, user: { username: 'lea_live' } }] } },
      });
    } finally {
      await live.dispose();
    }
  });
});
