import { type Auth, dataOf } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSupergraph, type Supergraph } from './supergraph';

const RATE = /* GraphQL */ `mutation Rate($input: RateRouteInput!) { rateRoute(input: $input) { stars suggestedGrade { value } route { name } } }`;
const GYM = /* GraphQL */ `query Gym($id: ID!) {
  gym(id: $id) { name routes { name rating { average count } communityGrade { value } myRating { stars } ascents { sendCount } } }
}`;
const RATING_COUNT = /* GraphQL */ `query RatingCount($id: ID!) { route(id: $id) { name rating { count } } }`;

const unavailable = (service: string) => expect.objectContaining({ extensions: expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: service }) });

/**
 * The fields the users service contributes to gyms' Route, through the router with its caches on
 * (as `npm start` runs it): batched with the gyms data, never one viewer's answer for another,
 * fresh after a rating, and partial data with a coded error when either service is down.
 */
describe('ratings and ascents on routes, through the router', () => {
  let sg: Supergraph;
  let gym: { gymId: string; routeIds: string[]; grades: { id: string; value: string }[] };
  let climbers: Auth[];

  const ask = (query: string, variables: Record<string, unknown>, token?: string) =>
    fetch(sg.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
      body: JSON.stringify({ query, variables }),
    }).then(async (res) => ({ cacheControl: res.headers.get('cache-control'), body: (await res.json()) as { data: Record<string, any>; errors?: unknown[] } }));
  const rate = (who: Auth, input: Record<string, unknown>) => sg.request(RATE, { input }, who.accessToken);

  beforeAll(async () => {
    sg = await startSupergraph({ restartable: true, routerEnv: { CACHE_ENABLED: 'true' } });
    const admin = (await sg.build.logIn('admin@clmb.dev')).accessToken;
    gym = await sg.build.gymWithRoutes(admin, { slug: 'rated', routeCount: 2 });
    climbers = [await sg.build.user({ username: 'ann' }), await sg.build.user({ username: 'ben' }), await sg.build.user({ username: 'cid' })];
    // ann shows on leaderboards, so her climb counts in the route's ascents at once (public-counts.e2e.ts).
    await sg.request(/* GraphQL */ `mutation OptIn { updatePreferences(input: { showOnLeaderboards: true }) { showOnLeaderboards } }`, {}, climbers[0]!.accessToken);
    const session = await sg.build.session(climbers[0]!.accessToken, { gymId: gym.gymId });
    await sg.build.climb(climbers[0]!.accessToken, { sessionId: session.id, routeId: gym.routeIds[0]!, attempts: 1, sent: true, style: 'FLASH' });
  }, 180_000);
  afterAll(() => sg?.stop());

  it('rates through the router and shows every contributed field beside the gyms data', async () => {
    const [ann, ben, cid] = climbers as [Auth, Auth, Auth];
    // Route 0 is graded VB: suggestions V0, V1, V2.
    expect(dataOf(await rate(ann, { routeId: gym.routeIds[0], stars: 5, suggestedGradeId: gym.grades[1]!.id }))).toEqual({
      rateRoute: { stars: 5, suggestedGrade: { value: 'V0' }, route: { name: 'Route 0' } },
    });
    await rate(ben, { routeId: gym.routeIds[0], stars: 4, suggestedGradeId: gym.grades[2]!.id });
    await rate(cid, { routeId: gym.routeIds[0], stars: 3, suggestedGradeId: gym.grades[3]!.id, comment: 'Sandbagged' });
    const answer = await ask(GYM, { id: gym.gymId }, ann.accessToken);
    expect(answer.body).toEqual({
      data: {
        gym: {
          name: 'Gym rated',
          // Newest first.
          routes: [
            { name: 'Route 1', rating: { average: null, count: 0 }, communityGrade: null, myRating: null, ascents: { sendCount: 0 } },
            { name: 'Route 0', rating: { average: 4, count: 3 }, communityGrade: { value: 'V1' }, myRating: { stars: 5 }, ascents: { sendCount: 1 } },
          ],
        },
      },
    });
    const bad = await rate(ann, { routeId: gym.routeIds[1], stars: 6 });
    expect(bad.errors).toEqual([expect.objectContaining({ message: 'input.stars: must be between 1 and 5', extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'input.stars' }) })]);
  });

  it("never serves one viewer's rating to another, nor to an anonymous client", async () => {
    for (let round = 0; round < 2; round++) {
      const mine = async (token?: string) => (await ask(GYM, { id: gym.gymId }, token)).body.data.gym.routes[1].myRating;
      expect(await mine(climbers[0]!.accessToken)).toEqual({ stars: 5 });
      expect(await mine(climbers[1]!.accessToken)).toEqual({ stars: 4 });
      expect(await mine()).toBeNull();
    }
  });

  it('shows a new rating to the next anonymous read: a response with contributed fields is never cached', async () => {
    const variables = { id: gym.routeIds[1] };
    const before = await ask(RATING_COUNT, variables);
    expect(before).toEqual({ cacheControl: 'no-store', body: { data: { route: { name: 'Route 1', rating: { count: 0 } } } } });
    await rate(climbers[2]!, { routeId: gym.routeIds[1], stars: 2 });
    expect((await ask(RATING_COUNT, variables)).body.data.route.rating).toEqual({ count: 1 });
    // The gyms fields alone are still cached for anonymous clients.
    expect((await ask(/* GraphQL */ `query RouteName($id: ID!) { route(id: $id) { name } }`, variables)).cacheControl).toBe('max-age=60, public');
  });

  it('users down: the gyms data arrives, the contributed fields are null with SUBGRAPH_UNAVAILABLE', async () => {
    await sg.services.users.stop();
    try {
      const res = await ask(GYM, { id: gym.gymId });
      const empty = { rating: null, communityGrade: null, myRating: null, ascents: null };
      expect(res.body.data).toEqual({ gym: { name: 'Gym rated', routes: [{ name: 'Route 1', ...empty }, { name: 'Route 0', ...empty }] } });
      expect(res.body.errors?.length).toBeGreaterThan(0);
      expect(res.body.errors).toEqual(res.body.errors?.map(() => unavailable('users')));
    } finally {
      await sg.restart('users');
    }
  });

  it('gyms down: the users data arrives, the gym is null, and rating a route is refused, each with SUBGRAPH_UNAVAILABLE', async () => {
    await sg.services.gyms.stop();
    try {
      const [ann] = climbers as [Auth];
      const res = await ask(/* GraphQL */ `query MeAndGym($id: ID!) { me { username } gym(id: $id) { routes { rating { count } } } }`, { id: gym.gymId }, ann.accessToken);
      expect(res.body).toEqual({ data: { me: { username: 'ann' }, gym: null }, errors: [unavailable('gyms')] });
      const refused = await rate(ann, { routeId: gym.routeIds[1], stars: 3 });
      // The users service could not check the route: it answers with the router's code and wording.
      expect([refused.data, refused.errors]).toEqual([null, [expect.objectContaining({ message: 'The gyms service is unavailable.', extensions: expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE' }) })]]);
    } finally {
      await sg.restart('gyms');
    }
  });
});
