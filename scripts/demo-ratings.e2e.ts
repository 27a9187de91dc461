import { startSupergraph, type Supergraph } from '@clmb/router/e2e/supergraph';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemoRatings } from './demo-ratings';

let sg: Supergraph;
beforeAll(async () => {
  sg = await startSupergraph();
}, 120_000);
afterAll(() => sg?.stop());

it('rates the first routes of each gym through the router, enough for a community grade', async () => {
  const admin = (await sg.build.logIn('admin@clmb.dev')).accessToken;
  // Graded VB, V0, V1, V2; listed newest first, so V2 first.
  await sg.build.gymWithRoutes(admin, { slug: 'demo-wall', routeCount: 4 });
  expect(await seedDemoRatings(sg.url)).toBe(12);
  const gym = await sg.request(/* GraphQL */ `{ gymBySlug(slug: "demo-wall") { routes { grade { value } rating { count } communityGrade { value } } } }`);
  expect(gym.data).toEqual({
    gymBySlug: {
      routes: [
        { grade: { value: 'V2' }, rating: { count: 4 }, communityGrade: { value: 'V3' } },
        { grade: { value: 'V1' }, rating: { count: 4 }, communityGrade: { value: 'V2' } },
        { grade: { value: 'V0' }, rating: { count: 4 }, communityGrade: { value: 'V0' } },
        { grade: { value: 'VB' }, rating: { count: 0 }, communityGrade: null },
      ],
    },
  });
});
