import { type Auth, dataOf, errorCodes } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSupergraph, type Supergraph } from './supergraph';

const PLAN = /* GraphQL */ `query Plan($id: ID!) { planReset(wallId: $id) { ratingsIncluded candidates { route { id } reasons { reason value points } } } }`;
const VOTES = /* GraphQL */ `query Votes($id: ID!) { route(id: $id) { renewVoteCount } }`;

/**
 * Renew votes, reports and reset plans through the router with its caches on: a plan weighs the
 * ratings the users service holds (and goes on without them when users is down), a vote shows on
 * the next cached read, and the staff's fields are refused to a climber before planning.
 */
describe('route feedback and reset plans, through the router', () => {
  let sg: Supergraph;
  let admin: string;
  let climbers: Auth[];
  let wallId: string;
  let routeIds: string[];

  const ask = (query: string, variables: Record<string, unknown>, token?: string) =>
    fetch(sg.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
      body: JSON.stringify({ query, variables }),
    }).then(async (res) => ({ cacheControl: res.headers.get('cache-control'), body: (await res.json()) as { data: Record<string, any>; errors?: { extensions?: Record<string, unknown> }[] } }));

  beforeAll(async () => {
    sg = await startSupergraph({ restartable: true, routerEnv: { CACHE_ENABLED: 'true' } });
    admin = (await sg.build.logIn('admin@clmb.dev')).accessToken;
    const gym = await sg.build.gymWithRoutes(admin, { slug: 'planned', routeCount: 0 });
    wallId = dataOf(await sg.request(/* GraphQL */ `mutation Wall($input: CreateWallInput!) { createWall(input: $input) { id } }`, { input: { gymId: gym.gymId, name: 'Cave' } }, admin))[
      'createWall'
    ].id;
    const setAt = new Date(Date.now() - 7 * 86_400_000).toISOString();
    routeIds = [];
    for (let i = 0; i < 2; i++) routeIds.push((await sg.build.route(admin, { gymId: gym.gymId, gradeId: gym.grades[i]!.id, wallId, setAt })).id);
    climbers = [await sg.build.user({ username: 'dee' }), await sg.build.user({ username: 'eve' }), await sg.build.user({ username: 'fay' })];
    for (const climber of climbers)
      dataOf(await sg.request(/* GraphQL */ `mutation Rate($input: RateRouteInput!) { rateRoute(input: $input) { stars } }`, { input: { routeId: routeIds[0], stars: 1 } }, climber.accessToken));
  }, 180_000);
  afterAll(() => sg?.stop());

  it("weighs the routes' ratings from the users service", async () => {
    const plan = dataOf(await sg.request(PLAN, { id: wallId }, admin))['planReset'];
    expect(plan).toEqual({
      ratingsIncluded: true,
      candidates: [
        { route: { id: routeIds[0] }, reasons: [{ reason: 'LEAST_LIKED', value: 1, points: 8 }, { reason: 'OLDEST', value: 7, points: 1 }] },
        { route: { id: routeIds[1] }, reasons: [{ reason: 'OLDEST', value: 7, points: 1 }] },
      ],
    });
  });

  it('shows a renew vote to the next cached read', async () => {
    const variables = { id: routeIds[1] };
    expect((await ask(VOTES, variables)).body.data).toEqual({ route: { renewVoteCount: 0 } });
    const cached = await ask(VOTES, variables);
    expect(cached.cacheControl).toBe('max-age=60, public');
    dataOf(await sg.request(/* GraphQL */ `mutation Vote($id: ID!) { voteRenew(routeId: $id) { id } }`, variables, climbers[0]!.accessToken));
    expect((await ask(VOTES, variables)).body.data).toEqual({ route: { renewVoteCount: 1 } });
  });

  it("refuses the staff's fields to a climber, and a vote to an anonymous client", async () => {
    const climber = climbers[1]!.accessToken;
    // The router's access control refuses them before planning (@policy, @authenticated).
    expect(errorCodes(await sg.request(PLAN, { id: wallId }, climber))).toEqual(['FORBIDDEN']);
    const count = await sg.request(/* GraphQL */ `query Count($id: ID!) { route(id: $id) { openReportCount } }`, { id: routeIds[0] }, climber);
    expect(errorCodes(count)).toEqual(['UNAUTHORIZED_FIELD_OR_TYPE']);
    expect(errorCodes(await sg.request(/* GraphQL */ `mutation Vote($id: ID!) { voteRenew(routeId: $id) { id } }`, { id: routeIds[0] }))).toEqual(['UNAUTHENTICATED']);
  });

  it('users down: plans without the ratings and says so', async () => {
    await sg.services.users.stop();
    try {
      const plan = dataOf(await sg.request(PLAN, { id: wallId }, admin))['planReset'];
      expect(plan.ratingsIncluded).toBe(false);
      expect(plan.candidates.flatMap((c: { reasons: { reason: string }[] }) => c.reasons.map((r) => r.reason))).not.toContain('LEAST_LIKED');
    } finally {
      await sg.restart('users');
    }
  });
});
