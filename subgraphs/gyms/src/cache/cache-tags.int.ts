import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GymsUnderTest, startGymsUnderTest } from '../test-service';

/**
 * What the gyms subgraph tells the router's caches, when the router asks (`x-clmb-cache-tags`):
 * the tags of what a query's answer holds, per `_entities` item for an entity query, and what a
 * mutation changed; nothing for anyone else.
 */
describe('cache tags in the answers of the gyms subgraph', () => {
  let t: GymsUnderTest;
  let gym: { id: string };
  let routeIds: string[];
  const ask = async (query: string, variables: Record<string, unknown> = {}, token?: string, tagged = true) => {
    const res = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(tagged && { 'x-clmb-cache-tags': '1' }), ...(token && { authorization: `Bearer ${token}` }) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: Record<string, any>; extensions?: Record<string, any> };
  };
  const sorted = (tags: string[] | undefined) => [...(tags ?? [])].sort();

  beforeAll(async () => {
    t = await startGymsUnderTest('cache_tags');
    const created = await t.build.gymWithRoutes(t.tokens.admin, { slug: 'tagged', routeCount: 2 });
    gym = { id: created.gymId };
    routeIds = created.routeIds;
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("tags a root query's answer with every object it holds, and a list or a lookup that found nothing with its type", async () => {
    const page = await ask(/* GraphQL */ `query($id: ID!) { gym(id: $id) { name routes { colour } } }`, { id: gym.id });
    expect(sorted(page.extensions?.['cacheTags'])).toEqual(sorted([`Gym:${gym.id}`, ...routeIds.map((id) => `Route:${id}`)]));
    const list = await ask(/* GraphQL */ `{ gyms(first: 5) { edges { node { name } } } gymBySlug(slug: "nowhere") { name } }`);
    expect(sorted(list.extensions?.['cacheTags'])).toEqual(['Gym', `Gym:${gym.id}`]);
  });

  it('tags each item of an entity query with what it holds', async () => {
    const representations = routeIds.map((id) => ({ __typename: 'Route', id }));
    const answer = await ask(/* GraphQL */ `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Route { colour gym { name } } } }`, { representations });
    expect(answer.extensions?.['entityCacheTags']).toEqual(routeIds.map((id) => [`Route:${id}`, `Gym:${gym.id}`]));
  });

  it('declares what a mutation changed; a mutation field that declares nothing stands for everything', async () => {
    const updated = await ask(/* GraphQL */ `mutation($input: UpdateRouteInput!) { updateRoute(input: $input) { id } }`, { input: { id: routeIds[0], colour: 'red' } }, t.tokens.admin);
    expect(updated.extensions?.['invalidation']).toEqual([
      { kind: 'entity', subgraph: 'gyms', type: 'Route', key: { id: routeIds[0] } },
      { kind: 'entity', subgraph: 'gyms', type: 'Gym', key: { id: gym.id } },
    ]);
    const renamed = await ask(/* GraphQL */ `mutation($input: UpdateGymInput!) { updateGym(input: $input) { id } }`, { input: { id: gym.id, name: 'Renamed' } }, t.tokens.admin);
    expect(renamed.extensions?.['invalidation']).toEqual([
      { kind: 'entity', subgraph: 'gyms', type: 'Gym', key: { id: gym.id } },
      { kind: 'type', subgraph: 'gyms', type: 'Gym' },
    ]);
    // The users service's hand-over, with nobody to hand over, changes and declares nothing.
    const undeclared = await ask(/* GraphQL */ `mutation { _adoptLegacySetters(userIds: []) }`);
    expect(undeclared).toEqual({ data: { _adoptLegacySetters: 0 }, extensions: { invalidation: [{ kind: 'subgraph', subgraph: 'gyms' }] } });
  });

  it('answers without tags whoever does not ask for them', async () => {
    expect(await ask(/* GraphQL */ `query($id: ID!) { gym(id: $id) { name } }`, { id: gym.id }, undefined, false)).toEqual({ data: { gym: { name: 'Renamed' } } });
  });
});
