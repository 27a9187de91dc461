import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSupergraph, type Supergraph } from '../router/e2e/supergraph';
import { seedDemoLogbook } from './demo-logbook';

let sg: Supergraph;
beforeAll(async () => {
  sg = await startSupergraph();
});
afterAll(() => sg?.stop());

it("logs the demo climber's sessions through the router, one per gym", async () => {
  const admin = (await sg.build.logIn('admin@clmb.dev')).accessToken;
  await sg.build.gymWithRoutes(admin, { slug: 'demo-wall', routeCount: 4 });
  expect(await seedDemoLogbook(sg.url)).toBe(1);
  const climber = (await sg.build.logIn('climber@clmb.dev')).accessToken;
  const logbook = await sg.request(/* GraphQL */ `query { me { stats { sessionCount climbCount sendCount } sessions { edges { node { gym { slug } mood } } } } }`, {}, climber);
  expect(logbook.data).toEqual({
    me: { stats: { sessionCount: 1, climbCount: 4, sendCount: 3 }, sessions: { edges: [{ node: { gym: { slug: 'demo-wall' }, mood: 'GOOD' } }] } },
  });
});
