import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '@clmb/testkit';
import { entityHits, metric, responseHits, seedGym, tokenOf } from './cache-helpers';
import { startSupergraph, type Supergraph } from './supergraph';

const GYMS = /* GraphQL */ `query Gyms { gyms(first: 20) { edges { node { name city routes { colour grade { value } } } } } }`;
const LOGBOOK = /* GraphQL */ `query Logbook { me { username email sessions(first: 20) { edges { node { gym { name } climbs { attempts route { colour grade { value } } } } } } } }`;
const MIXED = /* GraphQL */ `query Mixed { gyms(first: 1) { totalCount } me { username } }`;

/**
 * The router's caches on, as `npm start` runs them (in-process): what one client was answered is
 * never served to another, every answer equals a router's with caches off, and a write through the
 * router is visible to the next read.
 */
describe('router caches', () => {
  let sg: Supergraph;
  let uncached: Awaited<ReturnType<Supergraph['startExtraRouter']>>;
  let tokens: Record<'admin' | 'climber' | 'other', string>;
  let gyms: { gymId: string; routeId: string }[];
  const ask = (url: string, query: string, token?: string) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
      body: JSON.stringify({ query }),
    }).then(async (res) => ({ cacheControl: res.headers.get('cache-control'), body: (await res.json()) as { data: Record<string, any> } }));

  beforeAll(async () => {
    sg = await startSupergraph({ routerEnv: { CACHE_ENABLED: 'true' } });
    uncached = await sg.startExtraRouter({ CACHE_ENABLED: 'false' });
    const admin = await tokenOf(sg.url, 'admin@clmb.dev');
    tokens = { admin, climber: await tokenOf(sg.url, 'climber@clmb.dev'), other: '' };
    tokens.other = (await sg.build.user({ username: 'other' })).accessToken;
    gyms = [await seedGym(sg, admin, 'cache-north'), await seedGym(sg, admin, 'cache-south')];
    for (const [token, gym] of [[tokens.climber, gyms[0]!], [tokens.other, gyms[1]!]] as const) {
      const started = await sg.request(/* GraphQL */ `mutation($input: StartSessionInput!) { startSession(input: $input) { id } }`, { input: { gymId: gym.gymId } }, token);
      const climb = { sessionId: started.data!['startSession'].id, routeId: gym.routeId, attempts: 3, sent: true };
      expect((await sg.request(/* GraphQL */ `mutation($input: LogClimbInput!) { logClimb(input: $input) { id } }`, { input: climb }, token)).errors).toBeUndefined();
    }
  });
  afterAll(async () => {
    await uncached?.stop();
    await sg?.stop();
  });

  it('serves an anonymous public query from the response cache, with a public Cache-Control', async () => {
    const first = await ask(sg.url, GYMS);
    const hits = await metric(sg.baseUrl, responseHits);
    const second = await ask(sg.url, GYMS);
    expect(second).toEqual(first);
    expect(second.cacheControl).toBe('max-age=60, public');
    expect(await metric(sg.baseUrl, responseHits)).toBe(hits + 1);
  });

  it('never serves one viewer what another was answered: two users and an anonymous client', async () => {
    const hits = await metric(sg.baseUrl, responseHits);
    for (let round = 0; round < 2; round++) {
      const climber = await ask(sg.url, LOGBOOK, tokens.climber);
      const other = await ask(sg.url, LOGBOOK, tokens.other);
      const anonymous = await ask(sg.url, LOGBOOK);
      expect(climber.body.data.me).toMatchObject({ username: 'climber', email: 'climber@clmb.dev', sessions: { edges: [{ node: { gym: { name: 'Gym cache-north' } } }] } });
      expect(other.body.data.me).toMatchObject({ username: 'other', email: 'other@example.com', sessions: { edges: [{ node: { gym: { name: 'Gym cache-south' } } }] } });
      expect(anonymous.body).toEqual({ data: { me: null } });
      for (const answer of [climber, other, anonymous]) expect(answer.cacheControl).toBe('no-store');
      const mixed = await ask(sg.url, MIXED, tokens.climber);
      expect(mixed.body.data.me).toEqual({ username: 'climber' });
      expect((await ask(sg.url, MIXED)).body.data.me).toBeNull();
    }
    expect(await metric(sg.baseUrl, responseHits)).toBe(hits);
  });

  it('answers exactly as a router with caches off, cold and warm', async () => {
    const ROUTE = `{ route(id: "${gyms[0]!.routeId}") { colour gym { name slug gradeSystem { name grades { value } } } } }`;
    const BY_SLUG = `{ gymBySlug(slug: "cache-south") { name routes { name colour setAt strippedAt } } gradeSystems { name } }`;
    const uncachedUrl = `${uncached.url}/graphql`;
    for (let round = 0; round < 2; round++) {
      for (const query of [GYMS, LOGBOOK, MIXED, ROUTE, BY_SLUG]) {
        for (const token of [undefined, tokens.climber, tokens.other]) {
          const [on, off] = [await graphql(sg.url, query, {}, token), await graphql(uncachedUrl, query, {}, token)];
          expect(on).toEqual(off);
        }
      }
    }
    expect(await metric(sg.baseUrl, entityHits)).toBeGreaterThan(0);
  });

  it('shows a write through the router to the next read, cached or not', async () => {
    const before = await ask(sg.url, GYMS);
    expect(before.body.data.gyms.edges.map((e: { node: { name: string } }) => e.node.name)).toContain('Gym cache-north');
    await ask(sg.url, LOGBOOK, tokens.climber);
    const renamed = await sg.request(/* GraphQL */ `mutation($input: UpdateGymInput!) { updateGym(input: $input) { name } }`, { input: { id: gyms[0]!.gymId, name: 'Renamed North' } }, tokens.admin);
    expect(renamed.errors).toBeUndefined();
    const after = await ask(sg.url, GYMS);
    expect(after.body.data.gyms.edges.map((e: { node: { name: string } }) => e.node.name)).toContain('Renamed North');
    expect((await ask(sg.url, LOGBOOK, tokens.climber)).body.data.me.sessions.edges[0].node.gym.name).toBe('Renamed North');
    const stripped = await sg.request(/* GraphQL */ `mutation($input: StripRouteInput!) { stripRoute(input: $input) { id } }`, { input: { id: gyms[0]!.routeId } }, tokens.admin);
    expect(stripped.errors).toBeUndefined();
    const routes = (await ask(sg.url, `{ gym(id: "${gyms[0]!.gymId}") { routes { colour } } }`)).body.data.gym.routes;
    expect(routes).toEqual([]);
  });
});
