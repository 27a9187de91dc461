import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from './fault-proxy';
import { startSupergraph, type Supergraph } from './supergraph';

const LOGBOOK = /* GraphQL */ `query Logbook {
  me { username sessions(first: 10) { edges { node { name gym { name } climbs { attempts route { colour } } } } } }
}`;
const GYMS_AND_ME = /* GraphQL */ `query GymsAndMe { gyms { edges { node { name } } } me { username } }`;
const GRADE_SYSTEMS = /* GraphQL */ `query GradeSystems { gradeSystems { name } }`;

const unavailable = (service: string, path: (string | number)[]) => ({
  message: `The ${service} service is unavailable.`,
  path,
  extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: service },
});

/** Nothing about where the services run may reach a client. */
const expectNoInternals = (response: unknown) =>
  expect(JSON.stringify(response)).not.toMatch(/127\.0\.0\.1|localhost|ECONN|fetch failed|\bat .*\.[jt]s:\d+/);

describe('failing subgraphs under a live router', () => {
  let sg: Supergraph;
  let proxy: FaultProxy;
  let admin: string;
  let climber: string;
  let fullLogbook: unknown;
  const health = async (baseUrl = sg.baseUrl) => (await fetch(`${baseUrl}/health`)).status;

  beforeAll(async () => {
    // The router reaches gyms through a proxy that can reset or stall its requests.
    sg = await startSupergraph({
      restartable: true,
      routerUrls: async (urls) => {
        proxy = await startFaultProxy(urls.gyms);
        return { ...urls, gyms: proxy.url };
      },
    });
    admin = (await sg.build.logIn('admin@clmb.dev')).accessToken;
    const { gymId, routeIds } = await sg.build.gymWithRoutes(admin, { slug: 'the-arch', routeCount: 1 });
    climber = (await sg.build.user({ username: 'faulty' })).accessToken;
    const session = await sg.build.session(climber, { gymId, name: 'Lunch' });
    await sg.build.climb(climber, { sessionId: session.id, routeId: routeIds[0]!, attempts: 2, sent: true });
    fullLogbook = await sg.request(LOGBOOK, {}, climber);
    expect(fullLogbook).toEqual({
      status: 200,
      data: { me: { username: 'faulty', sessions: { edges: [{ node: { name: 'Lunch', gym: { name: 'Gym the-arch' }, climbs: [{ attempts: 2, route: { colour: 'yellow' } }] } }] } } },
    });
  });
  afterAll(async () => {
    await sg?.stop();
    await proxy?.close();
  });

  it('gyms down: the logbook keeps the users data, gym and route are null with an error each', async () => {
    await sg.services.gyms.stop();
    const res = await sg.request(LOGBOOK, {}, climber);
    expect(res).toEqual({
      status: 200,
      data: { me: { username: 'faulty', sessions: { edges: [{ node: { name: 'Lunch', gym: null, climbs: [{ attempts: 2, route: null }] } }] } } },
      errors: expect.arrayContaining([
        unavailable('gyms', ['me', 'sessions', 'edges', 0, 'node', 'gym']),
        unavailable('gyms', ['me', 'sessions', 'edges', 0, 'node', 'climbs', 0, 'route']),
      ]),
    });
    expect(res.errors).toHaveLength(2);
    expectNoInternals(res);
    expect(await health()).toBe(200);
  });

  it('gyms back on the same port: the full logbook again, without restarting the router', async () => {
    await sg.restart('gyms');
    expect(await sg.request(LOGBOOK, {}, climber)).toEqual(fullLogbook);
  });

  it('users down: gyms still answer, me is null with an error; back again when users returns', async () => {
    await sg.services.users.stop();
    const res = await sg.request(GYMS_AND_ME, {}, climber);
    expect(res).toEqual({
      status: 200,
      data: { gyms: { edges: [{ node: { name: 'Gym the-arch' } }] }, me: null },
      errors: [unavailable('users', ['me'])],
    });
    expectNoInternals(res);
    await sg.restart('users');
    expect((await sg.request(GYMS_AND_ME, {}, climber)).data).toEqual({ gyms: { edges: [{ node: { name: 'Gym the-arch' } }] }, me: { username: 'faulty' } });
  });

  it('retries a query once when its connection is reset', async () => {
    proxy.resetNext(1);
    const before = proxy.requests;
    expect(await sg.request(GRADE_SYSTEMS)).toEqual({ status: 200, data: { gradeSystems: [{ name: 'V-scale the-arch' }] } });
    expect(proxy.requests - before).toBe(2);
  });

  it('never retries a mutation: one attempt, an error, nothing written', async () => {
    proxy.resetNext(1);
    const before = proxy.requests;
    const res = await sg.request(
      /* GraphQL */ `mutation G($input: CreateGradeSystemInput!) { createGradeSystem(input: $input) { id } }`,
      { input: { name: 'Once only', grades: [{ value: 'A', difficultyOrder: 0 }] } },
      admin,
    );
    expect(res).toEqual({ status: 200, data: null, errors: [unavailable('gyms', ['createGradeSystem'])] });
    expect(proxy.requests - before).toBe(1);
    expect((await sg.request(GRADE_SYSTEMS)).data).toEqual({ gradeSystems: [{ name: 'V-scale the-arch' }] });
  });

  it('a subgraph that never answers costs an error within the timeout, and is not asked twice', async () => {
    const router = await sg.startExtraRouter({ SUBGRAPH_TIMEOUT_MS: '1000' });
    try {
      proxy.hang(true);
      const before = proxy.requests;
      const res = await fetch(`${router.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: GRADE_SYSTEMS }),
      });
      expect({ status: res.status, body: await res.json() }).toEqual({
        status: 200,
        body: {
          data: null,
          errors: [{ message: 'The gyms service did not answer in time.', path: ['gradeSystems'], extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'gyms' } }],
        },
      });
      expect(proxy.requests - before).toBe(1);
      proxy.hang(false);
      expect(await health(router.url)).toBe(200);
      expect((await sg.request(GRADE_SYSTEMS)).data).toEqual({ gradeSystems: [{ name: 'V-scale the-arch' }] });
    } finally {
      proxy.hang(false);
      await router.stop();
    }
  });
});
