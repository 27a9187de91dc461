import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSupergraph, type Supergraph } from './supergraph';

/**
 * Issue 17, finding 1: the same query with its page sizes as literals and as variables. Every
 * gym's leaderboard and every route's ratings, 100 of each: far over the cost limit either way.
 */
const FINDING_1 = (n: string) => /* GraphQL */ `{
  gyms(first: ${n}) { edges { node {
    name
    leaderboard(first: ${n}) { rank points user { username } }
    routes { colour ratings(first: ${n}) { edges { node { stars comment } } } }
  } } }
}`;
/** What the estimate comes to (docs/api.md, "What an operation costs"): 100 gyms × (leaderboard 100 × 6 + 300 routes × (1 + 2 + 100 ratings × 2)). */
const FINDING_1_COST = 1 + 100 * (2 + 100 * 6 + 300 * (1 + 2 + 100 * 2));

/** The bench's logbook, its page size a variable as the app sends it. */
const LOGBOOK = /* GraphQL */ `query ($n: Int) { me { sessions(first: $n) { edges { node { name duration gym { name city } climbs { attempts sent route { colour grade { value } } } } } } } }`;

interface Answer {
  status: number;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

async function ask(url: string, query: string, variables?: Record<string, unknown>): Promise<Answer> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

const refused = (cost: number) => ({
  status: 400,
  body: {
    errors: [
      {
        message: `The operation's estimated cost ${cost} is over the limit of 100000 (docs/api.md, "What an operation costs").`,
        extensions: { code: 'COST_ESTIMATED_TOO_EXPENSIVE', estimatedCost: cost, maxCost: 100_000 },
      },
    ],
  },
});

describe('demand control at the router', () => {
  let sg: Supergraph;
  beforeAll(async () => {
    sg = await startSupergraph();
    const admin = (await sg.build.logIn('admin@clmb.dev')).accessToken;
    await sg.build.gymWithRoutes(admin, { slug: 'priced', routeCount: 2 });
  }, 120_000);
  afterAll(() => sg?.stop());

  it('refuses finding 1 with its page sizes in variables (n = 100), naming the cost and the limit', async () => {
    expect(await ask(sg.url, `query ($n: Int) ${FINDING_1('$n')}`, { n: 100 })).toEqual(refused(FINDING_1_COST));
  });

  it('prices it the same with literals, and with the page sizes from a variable’s default', async () => {
    expect(await ask(sg.url, FINDING_1('100'))).toEqual(refused(FINDING_1_COST));
    expect(await ask(sg.url, `query ($n: Int = 100) ${FINDING_1('$n')}`)).toEqual(refused(FINDING_1_COST));
  });

  it('charges the rate limit the estimate with the variables: a logbook of 20 sessions by `first: $n` costs what it costs with a literal', async () => {
    // Room for one such logbook (cost 12,066), refilled at 1 point a second.
    const router = await sg.startExtraRouter({ MAX_QUERY_COST: '20000', RATE_LIMIT_BURST: '20000', RATE_LIMIT_POINTS_PER_SECOND: '1' });
    try {
      const { accessToken } = await sg.build.user();
      const logbook = (n: number) =>
        fetch(`${router.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
          body: JSON.stringify({ query: LOGBOOK, variables: { n } }),
        });
      expect((await logbook(20)).status).toBe(200);
      const second = await logbook(20);
      expect({ status: second.status, code: ((await second.json()) as Answer['body']).errors?.[0]?.extensions?.['code'] }).toEqual({
        status: 429,
        code: 'TOO_MANY_REQUESTS',
      });
    } finally {
      await router.stop();
    }
  });

  it('refuses 15 exports in one operation (finding 5) at 10,000 points each, before any subgraph is asked', async () => {
    const { accessToken } = await sg.build.user();
    const exports = `{ ${Array.from({ length: 15 }, (_, i) => `e${i}: exportLogbook(format: JSON) { content }`).join(' ')} }`;
    const response = await fetch(sg.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ query: exports }),
    });
    expect({ status: response.status, body: await response.json() }).toEqual(refused(150_000));
  });

  it('serves the same query at the page sizes an app asks for', async () => {
    const answer = await ask(sg.url, `query ($n: Int) ${FINDING_1('$n')}`, { n: 5 });
    expect(answer).toMatchObject({ status: 200, body: { data: { gyms: { edges: [{ node: { name: expect.any(String) } }] } } } });
    expect(answer.body.errors).toBeUndefined();
  });
});
