import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metric, seedGym, tokenOf } from './cache-helpers';
import { type Gate, startGate, until } from './gate';
import { startSupergraph, type Supergraph } from './supergraph';

const shared = 'clmb_router_subgraph_requests_shared_total{subgraph="gyms"}';
// `me` keeps the response out of the response cache, so each request reaches the data sources.
const GYM = /* GraphQL */ `query Gym($id: ID!) { gym(id: $id) { name routes { colour } } me { username } }`;

/**
 * What reaches the gyms subgraph. In-flight deduplication: identical subgraph requests that wait
 * at the same moment are sent once and share the answer; never across identities, never for
 * mutations. Entity cache: representations it holds are not asked for again. A gate in front of
 * the gyms subgraph records every request, and holds them until every client's has arrived.
 */
describe('requests to the gyms subgraph', () => {
  let sg: Supergraph;
  let gate: Gate;
  let gymId: string;
  let tokens: { admin: string; climber: string };

  beforeAll(async () => {
    sg = await startSupergraph({
      routerEnv: { CACHE_ENABLED: 'true' },
      routerUrls: async (urls) => {
        gate = await startGate(urls.gyms);
        return { ...urls, gyms: gate.url };
      },
    });
    tokens = { admin: await tokenOf(sg.url, 'admin@clmb.dev'), climber: await tokenOf(sg.url, 'climber@clmb.dev') };
    ({ gymId } = await seedGym(sg, tokens.admin, 'dedup'));
  });
  afterAll(async () => {
    await sg?.stop();
    await gate?.stop();
  });

  it('are sent once for five anonymous clients, and all five get the answer', async () => {
    const before = { calls: gate.bodies.length, shared: await metric(sg.baseUrl, shared) };
    gate.close();
    const answers = Array.from({ length: 5 }, () => sg.request(GYM, { id: gymId }));
    await until(async () => (await metric(sg.baseUrl, shared)) === before.shared + 4);
    gate.open();
    const expected = { status: 200, data: { gym: { name: 'Gym dedup', routes: [{ colour: 'yellow' }] }, me: null } };
    expect(await Promise.all(answers)).toEqual(Array(5).fill(expected));
    expect(gate.bodies.length - before.calls).toBe(1);
  });

  it('are sent once per identity: two users and an anonymous client never share', async () => {
    const before = { calls: gate.bodies.length, shared: await metric(sg.baseUrl, shared) };
    gate.close();
    const answers = [sg.request(GYM, { id: gymId }, tokens.admin), sg.request(GYM, { id: gymId }, tokens.climber), sg.request(GYM, { id: gymId })];
    await until(() => gate.bodies.length - before.calls === 3);
    gate.open();
    expect((await Promise.all(answers)).map((a) => a.data)).toEqual([
      { gym: { name: 'Gym dedup', routes: [{ colour: 'yellow' }] }, me: { username: 'admin' } },
      { gym: { name: 'Gym dedup', routes: [{ colour: 'yellow' }] }, me: { username: 'climber' } },
      { gym: { name: 'Gym dedup', routes: [{ colour: 'yellow' }] }, me: null },
    ]);
    expect(await metric(sg.baseUrl, shared)).toBe(before.shared);
  });

  it('answers entities from the entity cache, and asks the subgraph only for the ones it lacks', async () => {
    const LOGBOOK = /* GraphQL */ `{ me { sessions(first: 10) { edges { node { gym { name } climbs { route { colour } } } } } } }`;
    const other = await seedGym(sg, tokens.admin, 'dedup-other');
    const entityRequests = (from: number) =>
      gate.bodies.slice(from).flatMap((body) => {
        const { query, variables } = JSON.parse(body) as { query: string; variables?: { representations?: { id: string }[] } };
        return query.includes('_entities') ? [(variables?.representations ?? []).map((r) => r.id).sort()] : [];
      });
    const visit = async (gym: { gymId: string; routeId: string }) => {
      const started = await sg.request(/* GraphQL */ `mutation($input: StartSessionInput!) { startSession(input: $input) { id } }`, { input: { gymId: gym.gymId } }, tokens.climber);
      const climb = { sessionId: started.data!['startSession'].id, routeId: gym.routeId, attempts: 1, sent: true };
      await sg.request(/* GraphQL */ `mutation($input: LogClimbInput!) { logClimb(input: $input) { id } }`, { input: climb }, tokens.climber);
    };
    await visit({ gymId, routeId: (await seedGym(sg, tokens.admin, 'dedup-first')).routeId });
    let from = gate.bodies.length;
    await sg.request(LOGBOOK, {}, tokens.climber);
    expect(entityRequests(from).length).toBeGreaterThan(0);
    from = gate.bodies.length;
    const warm = await sg.request(LOGBOOK, {}, tokens.climber);
    expect(entityRequests(from)).toEqual([]);
    await visit(other);
    from = gate.bodies.length;
    const partial = await sg.request(LOGBOOK, {}, tokens.climber);
    expect(entityRequests(from).flat().sort()).toEqual([other.gymId, other.routeId].sort());
    expect(partial.data!['me'].sessions.edges).toHaveLength(2);
    expect(partial.data!['me'].sessions.edges).toContainEqual(warm.data!['me'].sessions.edges[0]);
  });

  it("asks again for a route a write changed, and its gym's, but not for another route of that gym", async () => {
    const LOGBOOK = /* GraphQL */ `{ me { sessions(first: 10) { edges { node { gym { name } climbs { route { colour } } } } } } }`;
    const climber = (await sg.build.user({ username: 'entity-climber' })).accessToken;
    const { gymId: wallGym, routeIds } = await sg.build.gymWithRoutes(tokens.admin, { slug: 'entity-routes', routeCount: 2 });
    const started = await sg.request(/* GraphQL */ `mutation($input: StartSessionInput!) { startSession(input: $input) { id } }`, { input: { gymId: wallGym } }, climber);
    for (const routeId of routeIds) {
      const climb = { sessionId: started.data!['startSession'].id, routeId, attempts: 1, sent: true };
      expect((await sg.request(/* GraphQL */ `mutation($input: LogClimbInput!) { logClimb(input: $input) { id } }`, { input: climb }, climber)).errors).toBeUndefined();
    }
    const fetchedIds = async () => {
      const from = gate.bodies.length;
      const answer = await sg.request(LOGBOOK, {}, climber);
      const ids = gate.bodies.slice(from).flatMap((body) => ((JSON.parse(body) as { variables?: { representations?: { id: string }[] } }).variables?.representations ?? []).map((r) => r.id));
      return { ids: ids.sort(), colours: answer.data!['me'].sessions.edges[0].node.climbs.map((c: { route: { colour: string } }) => c.route.colour).sort() };
    };
    await fetchedIds();
    expect((await fetchedIds()).ids).toEqual([]);
    const recoloured = await sg.request(/* GraphQL */ `mutation($input: UpdateRouteInput!) { updateRoute(input: $input) { id } }`, { input: { id: routeIds[0], colour: 'orange' } }, tokens.admin);
    expect(recoloured.errors).toBeUndefined();
    const after = await fetchedIds();
    expect(after.ids).toEqual([wallGym, routeIds[0]].sort());
    expect(after.colours).toContain('orange');
    expect(after.ids).not.toContain(routeIds[1]);
  });

  it('never merges mutations, even identical ones', async () => {
    const before = gate.bodies.length;
    const UPDATE = /* GraphQL */ `mutation($input: UpdateGymInput!) { updateGym(input: $input) { id } }`;
    gate.close();
    const answers = [1, 2].map(() => sg.request(UPDATE, { input: { id: gymId, phone: '+44 113 000' } }, tokens.admin));
    await until(() => gate.bodies.length - before === 2);
    gate.open();
    expect((await Promise.all(answers)).map((a) => a.errors)).toEqual([undefined, undefined]);
  });
});
