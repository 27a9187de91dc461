import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metric, responseHits, seedGym, tokenOf } from './cache-helpers';
import { type Gate, startGate } from './gate';
import { startSupergraph, type Supergraph } from './supergraph';

const GYMS = /* GraphQL */ `query Gyms { gyms(first: 20) { edges { node { name city routes { colour grade { value } } } } } }`;
const RENEW = /* GraphQL */ `query Renew($id: ID!) { route(id: $id) { colour renewVoteCount myRenewVote } }`;

/**
 * Public data is public whoever asks (issue 20, target 1): the response cache keeps and serves an
 * operation made only of public fields with a token or without; a private field anywhere keeps the
 * operation out of it, so two users never see each other's answers; a bad token is refused before
 * the cache is looked at. A gate in front of the gyms subgraph counts what reaches it.
 */
describe('the response cache and tokens', () => {
  let sg: Supergraph;
  let gate: Gate;
  let tokens: { admin: string; climber: string; other: string };
  let routeId: string;
  const ask = (query: string, variables: Record<string, unknown>, token?: string) =>
    fetch(sg.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
      body: JSON.stringify({ query, variables }),
    }).then(async (res) => ({ status: res.status, cacheControl: res.headers.get('cache-control'), body: (await res.json()) as { data?: Record<string, any>; errors?: { extensions?: { code?: string } }[] } }));
  /** `ask`, and how many requests reached the gyms subgraph meanwhile, and whether it was a response-cache hit. */
  const counted = async (query: string, variables: Record<string, unknown>, token?: string) => {
    const [calls, hits] = [gate.bodies.length, await metric(sg.baseUrl, responseHits)];
    const answer = await ask(query, variables, token);
    return { ...answer, gymsCalls: gate.bodies.length - calls, hit: (await metric(sg.baseUrl, responseHits)) - hits === 1 };
  };

  beforeAll(async () => {
    sg = await startSupergraph({
      routerEnv: { CACHE_ENABLED: 'true' },
      routerUrls: async (urls) => {
        gate = await startGate(urls.gyms);
        return { ...urls, gyms: gate.url };
      },
    });
    const admin = await tokenOf(sg.url, 'admin@clmb.dev');
    tokens = { admin, climber: await tokenOf(sg.url, 'climber@clmb.dev'), other: (await sg.build.user({ username: 'other' })).accessToken };
    ({ routeId } = await seedGym(sg, admin, 'public-north'));
    expect((await sg.request(/* GraphQL */ `mutation($id: ID!) { voteRenew(routeId: $id) { id } }`, { id: routeId }, tokens.climber)).errors).toBeUndefined();
  });
  afterAll(async () => {
    await sg?.stop();
    await gate?.stop();
  });

  it('serves the gyms page sent with a token from the cache, to that user and to another', async () => {
    const first = await counted(GYMS, {}, tokens.climber);
    const again = await counted(GYMS, {}, tokens.climber);
    const other = await counted(GYMS, {}, tokens.other);
    const anonymous = await counted(GYMS, {});
    expect(first).toMatchObject({ status: 200, cacheControl: 'max-age=60, public', hit: false });
    for (const answer of [again, other, anonymous]) expect(answer).toEqual({ ...first, gymsCalls: 0, hit: true });
  });

  it('never caches an operation holding a private field: each request reaches the subgraph, each user gets their own answer', async () => {
    for (let round = 0; round < 2; round++) {
      const climber = await counted(RENEW, { id: routeId }, tokens.climber);
      const other = await counted(RENEW, { id: routeId }, tokens.other);
      const anonymous = await counted(RENEW, { id: routeId });
      expect(climber).toEqual({ status: 200, cacheControl: 'no-store', body: { data: { route: { colour: 'yellow', renewVoteCount: 1, myRenewVote: true } } }, gymsCalls: 1, hit: false });
      expect(other).toEqual({ ...climber, body: { data: { route: { colour: 'yellow', renewVoteCount: 1, myRenewVote: false } } } });
      expect(anonymous).toEqual(other);
    }
  });

  it('keeps a field behind an access directive out of the cache, whoever may see it', async () => {
    const STAFF = /* GraphQL */ `query Open($id: ID!) { route(id: $id) { colour openReportCount } }`;
    for (let round = 0; round < 2; round++) {
      expect(await counted(STAFF, { id: routeId }, tokens.admin)).toEqual({
        status: 200,
        cacheControl: 'no-store',
        body: { data: { route: { colour: 'yellow', openReportCount: 0 } } },
        gymsCalls: 1,
        hit: false,
      });
    }
    const refused = await counted(STAFF, { id: routeId }, tokens.climber);
    expect(refused.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHORIZED_FIELD_OR_TYPE']);
  });

  it('answers a bad token 401 even when the answer is cached', async () => {
    await ask(GYMS, {});
    expect(await counted(GYMS, {})).toMatchObject({ hit: true });
    for (const token of ['not-a-token', `${tokens.climber.slice(0, -4)}AAAA`]) {
      const refused = await counted(GYMS, {}, token);
      expect(refused).toMatchObject({ status: 401, gymsCalls: 0, hit: false });
      expect(refused.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    }
  });
});
