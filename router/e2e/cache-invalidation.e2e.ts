import { errorCodes } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metric, responseHits, seedGym, tokenOf } from './cache-helpers';
import { startSupergraph, type Supergraph } from './supergraph';

const GYMS = /* GraphQL */ `query Gyms { gyms(first: 20) { edges { node { name } } } }`;
const ARCHIVE = /* GraphQL */ `mutation Archive($id: ID!) { archiveGym(input: { id: $id }) { id } }`;
const invalidations = 'clmb_router_cache_invalidations_total';
const tagInvalidations = 'clmb_router_cache_tag_invalidations_total';

/**
 * Caches move only on change (issue 17, finding 7): a gyms mutation that was refused or failed
 * leaves the caches of every replica as they are; one that changed something drops the entries
 * holding what it declares it changed (issue 20, target 6), and nothing else.
 */
describe('cache invalidation', () => {
  let sg: Supergraph;
  let admin: string;
  let climber: string;
  let gyms: { gymId: string }[];
  const names = async () => ((await sg.request(GYMS)).data!['gyms'].edges as { node: { name: string } }[]).map((e) => e.node.name);
  /** Runs `mutate`: how many generations it started and tags it moved. */
  async function changes(mutate: () => Promise<unknown>) {
    const [generations, tags] = [await metric(sg.baseUrl, invalidations), await metric(sg.baseUrl, tagInvalidations)];
    await mutate();
    return { generations: (await metric(sg.baseUrl, invalidations)) - generations, tags: (await metric(sg.baseUrl, tagInvalidations)) - tags };
  }
  /** Whether `query` is served from the response cache. */
  async function cached(query: string, variables?: Record<string, unknown>) {
    const hits = await metric(sg.baseUrl, responseHits);
    const { data } = await sg.request(query, variables);
    return { data, cached: (await metric(sg.baseUrl, responseHits)) - hits === 1 };
  }
  /** Runs `mutate`, then what it moved and whether the next anonymous gyms page came from the cache. */
  async function afterMutation(mutate: () => Promise<unknown>) {
    await sg.request(GYMS);
    const moved = await changes(mutate);
    return { generations: moved.generations, movedTags: moved.tags > 0, servedFromCache: (await cached(GYMS)).cached };
  }

  beforeAll(async () => {
    sg = await startSupergraph({ routerEnv: { CACHE_ENABLED: 'true' } });
    admin = await tokenOf(sg.url, 'admin@clmb.dev');
    climber = await tokenOf(sg.url, 'climber@clmb.dev');
    gyms = [await seedGym(sg, admin, 'inval-a'), await seedGym(sg, admin, 'inval-b')];
  });
  afterAll(async () => {
    await sg?.stop();
  });

  it('keeps the caches through a refused anonymous archiveGym', async () => {
    const outcome = await afterMutation(async () => {
      const refused = await sg.request(ARCHIVE, { id: gyms[0]!.gymId });
      expect(errorCodes(refused)).toEqual(['UNAUTHENTICATED']);
    });
    expect(outcome).toEqual({ generations: 0, movedTags: false, servedFromCache: true });
  });

  it('keeps the caches through a forbidden or failed mutation', async () => {
    const outcome = await afterMutation(async () => {
      expect(errorCodes(await sg.request(ARCHIVE, { id: gyms[0]!.gymId }, climber))).toEqual(['FORBIDDEN']);
      const unknown = await sg.request(ARCHIVE, { id: '00000000-0000-4000-8000-000000000000' }, admin);
      expect(errorCodes(unknown)).toEqual(['NOT_FOUND']);
      // The first field fails, so the second never runs.
      const twice = await sg.request(
        /* GraphQL */ `mutation Two($bad: ID!, $good: ID!) { a: archiveGym(input: { id: $bad }) { id } b: archiveGym(input: { id: $good }) { id } }`,
        { bad: '00000000-0000-4000-8000-000000000000', good: gyms[1]!.gymId },
        admin,
      );
      expect(twice.data).toBeNull();
    });
    expect(outcome).toEqual({ generations: 0, movedTags: false, servedFromCache: true });
    expect(await names()).toContain('Gym inval-b');
  });

  it('invalidates after a mutation that changed something, even when a later field of the operation failed', async () => {
    const outcome = await afterMutation(async () => {
      const partly = await sg.request(
        /* GraphQL */ `mutation Two($good: ID!, $bad: ID!) { a: archiveGym(input: { id: $good }) { id } b: archiveGym(input: { id: $bad }) { id } }`,
        { good: gyms[1]!.gymId, bad: '00000000-0000-4000-8000-000000000000' },
        admin,
      );
      expect(errorCodes(partly)).toEqual(['NOT_FOUND']);
    });
    expect(outcome).toEqual({ generations: 0, movedTags: true, servedFromCache: false });
    expect(await names()).not.toContain('Gym inval-b');
  });

  it('shows a tag vote and a strip plan on the next anonymous read; a refused vote keeps the caches', async () => {
    const { routeId } = await seedGym(sg, admin, 'inval-tags');
    const ROUTE = /* GraphQL */ `query RouteTags($id: ID!) { route(id: $id) { tags tagVotes { tag count } outSoon } }`;
    const read = async () => {
      const { data, cached: fromCache } = await cached(ROUTE, { id: routeId });
      return { route: data!['route'], cached: fromCache };
    };
    const VOTE = /* GraphQL */ `mutation Vote($input: VoteRouteTagsInput!) { voteRouteTags(input: $input) { id } }`;
    await read();
    expect(await read()).toEqual({ route: { tags: [], tagVotes: [], outSoon: false }, cached: true });

    const refused = await changes(async () => {
      const tooMany = await sg.request(VOTE, { input: { routeId, tags: ['CRIMPY', 'SLAB', 'ROOF', 'DYNO'] } }, climber);
      expect(errorCodes(tooMany)).toEqual(['BAD_USER_INPUT']);
      return tooMany;
    });
    expect(refused).toEqual({ generations: 0, tags: 0 });
    expect(await read()).toMatchObject({ cached: true });

    // The route, and its gym's lists a tags filter made.
    expect(await changes(() => sg.request(VOTE, { input: { routeId, tags: ['CRIMPY'] } }, climber))).toEqual({ generations: 0, tags: 2 });
    expect(await read()).toEqual({ route: { tags: [], tagVotes: [{ tag: 'CRIMPY', count: 1 }], outSoon: false }, cached: false });

    const plan = /* GraphQL */ `mutation Plan($input: PlanStripInput!) { planStrip(input: $input) { id } }`;
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    expect(await changes(() => sg.request(plan, { input: { routeIds: [routeId], plannedStripAt: tomorrow } }, admin))).toEqual({ generations: 0, tags: 1 });
    expect(await read()).toMatchObject({ route: { outSoon: true }, cached: false });
  });

  it('invalidates after a successful archiveGym', async () => {
    const outcome = await afterMutation(async () => {
      expect((await sg.request(ARCHIVE, { id: gyms[0]!.gymId }, admin)).errors).toBeUndefined();
    });
    expect(outcome).toEqual({ generations: 0, movedTags: true, servedFromCache: false });
    expect(await names()).not.toContain('Gym inval-a');
  });

  it("drops the written gym's page and keeps another gym's", async () => {
    const north = await seedGym(sg, admin, 'inval-north');
    const south = await seedGym(sg, admin, 'inval-south');
    const PAGE = /* GraphQL */ `query Page($id: ID!) { gym(id: $id) { name routes { colour grade { value } } } }`;
    for (const gym of [north, south]) {
      await sg.request(PAGE, { id: gym.gymId });
      expect(await cached(PAGE, { id: gym.gymId })).toMatchObject({ cached: true });
    }
    const southPage = await cached(PAGE, { id: south.gymId });
    const recoloured = await sg.request(/* GraphQL */ `mutation($input: UpdateRouteInput!) { updateRoute(input: $input) { id } }`, { input: { id: north.routeId, colour: 'purple' } }, admin);
    expect(recoloured.errors).toBeUndefined();
    expect(await cached(PAGE, { id: south.gymId })).toEqual(southPage);
    expect(await cached(PAGE, { id: north.gymId })).toEqual({ data: { gym: { name: 'Gym inval-north', routes: [{ colour: 'purple', grade: { value: 'VB' } }] } }, cached: false });
    expect(await cached(PAGE, { id: north.gymId })).toMatchObject({ cached: true });
  });
});
