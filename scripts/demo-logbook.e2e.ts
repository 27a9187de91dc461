import { startSupergraph, type Supergraph } from '@clmb/router/e2e/supergraph';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemoLogbook } from './demo-logbook';

let sg: Supergraph;
beforeAll(async () => {
  sg = await startSupergraph();
});
afterAll(() => sg?.stop());

it("logs the demo climber's months of sessions and the other climbers' sends through the router", async () => {
  const admin = (await sg.build.logIn('admin@clmb.dev')).accessToken;
  const { gymId } = await sg.build.gymWithRoutes(admin, { slug: 'demo-wall', routeCount: 4 });
  expect(await seedDemoLogbook(sg.url)).toBe(16);
  const climber = (await sg.build.logIn('climber@clmb.dev')).accessToken;
  const query = /* GraphQL */ `query { me { stats { sessionCount climbCount sendCount pyramid(discipline: BOULDER) { sends }
    progression(discipline: BOULDER) { sends } } sessions(first: 1) { edges { node { gym { slug } } } } } }`;
  const { me } = (await sg.request(query, {}, climber)).data!;
  expect(me.stats).toMatchObject({ sessionCount: 16, climbCount: 64, sendCount: 48 });
  expect(me.stats.pyramid.length).toBeGreaterThan(1);
  expect(me.stats.progression.length).toBeGreaterThanOrEqual(4);
  expect(me.sessions.edges).toEqual([{ node: { gym: { slug: 'demo-wall' } } }]);
  // This week: the two demo climbers who opted in (yusuf tried harder routes); ines did not, the
  // demo climber's sessions are older.
  const board = await sg.request(/* GraphQL */ `query($id: ID!) { gym(id: $id) { leaderboard(period: WEEK) { user { username } } } }`, { id: gymId });
  expect(board.data).toEqual({ gym: { leaderboard: [{ user: { username: 'yusuf' } }, { user: { username: 'mara' } }] } });
});
