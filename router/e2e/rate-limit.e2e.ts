import { randomBytes } from 'node:crypto';
import { startTcpProxy, type TcpProxy } from '@clmb/testkit';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Router } from '../src/service';
import { dropKeys, metric } from './cache-helpers';
import { until } from './gate';
import { startSupergraph, type Supergraph } from './supergraph';

const REDIS = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

// A small budget, so a few requests reach it: 20,000 points at once, refilled at 1 point a second.
const BUDGET = { MAX_QUERY_COST: '20000', RATE_LIMIT_BURST: '20000', RATE_LIMIT_POINTS_PER_SECOND: '1' };
/** The bench's logbook: 20 sessions with their climbs, estimated cost 12,066 (docs/api.md, "What an operation costs"). */
const LOGBOOK = /* GraphQL */ `{ me { sessions(first: 20) { edges { node { name duration gym { name city } climbs { attempts sent route { colour grade { value } } } } } } } }`;
/** Anonymous: 20 gyms with their routes, cost 12,041. */
const GYMS = /* GraphQL */ `{ gyms(first: 20) { edges { node { name city routes { colour grade { value } } } } } }`;
/** Cost 1. */
const ME = /* GraphQL */ `{ me { id } }`;

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

async function ask(url: string, query: string, options: { token?: string; forwardedFor?: string } = {}): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token && { authorization: `Bearer ${options.token}` }),
      ...(options.forwardedFor && { 'x-forwarded-for': options.forwardedFor }),
    },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as Answer['body'] };
}

/** The answer of a client over its budget: 429, the wait in the header and in the error. */
function expectRefused(answer: Answer) {
  const seconds = Number(answer.retryAfter);
  expect(seconds).toBeGreaterThan(0);
  expect(answer).toEqual({
    status: 429,
    retryAfter: String(seconds),
    body: { errors: [{ message: `Too many requests; try again in ${seconds} seconds.`, extensions: { code: 'TOO_MANY_REQUESTS', retryAfterSeconds: seconds } }] },
  });
}

/** The TOO_MANY_REQUESTS errors Apollo's pipeline answered, over every operation name. */
async function tooManyRequestsErrors(baseUrl: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const lines = text.split('\n').filter((line) => line.startsWith('graphql_errors_total{') && line.includes('code="TOO_MANY_REQUESTS"'));
  return lines.reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

const served = (answer: Answer) => ({ status: answer.status, errors: answer.body.errors });

const climber = async (sg: Supergraph) => {
  const { accessToken, user } = await sg.build.user();
  return { token: accessToken, id: user.id as string };
};

// One pair of subgraphs; each describe starts the routers it needs over them.
let sg: Supergraph;
beforeAll(async () => {
  sg = await startSupergraph({ routerEnv: BUDGET });
}, 120_000);
afterAll(() => sg?.stop());

/** A router over the test's subgraphs, with `env` over the small budget, stopped after `use`. */
async function withRouter(env: Record<string, string>, use: (url: string) => Promise<void>) {
  const router = await sg.startExtraRouter(env);
  try {
    await use(`${router.url}/graphql`);
  } finally {
    await router.stop();
  }
}

describe('the rate limit per client, in the router process', () => {
  it('refuses a user over its budget with 429 and the wait, and serves other users', async () => {
    const [alice, bob] = [await climber(sg), await climber(sg)];
    const refusals = await metric(sg.baseUrl, 'clmb_router_rate_limited_total{client="user"}');
    expect(served(await ask(sg.url, LOGBOOK, { token: alice.token }))).toEqual({ status: 200 });
    expectRefused(await ask(sg.url, LOGBOOK, { token: alice.token }));
    // Sent again before its wait is over, the same logbook is refused before Apollo's pipeline (no GraphQL error counted there).
    const pipelineRefusals = await tooManyRequestsErrors(sg.baseUrl);
    expectRefused(await ask(sg.url, LOGBOOK, { token: alice.token }));
    expect(await tooManyRequestsErrors(sg.baseUrl)).toBe(pipelineRefusals);
    // Refused a logbook, Alice is not refused everything: what is left in her bucket pays for a small query.
    expect(await ask(sg.url, ME, { token: alice.token })).toMatchObject({ status: 200, body: { data: { me: { id: alice.id } } } });
    // Weighted by cost: what is left in Bob's bucket after a logbook still pays for small queries.
    expect(served(await ask(sg.url, LOGBOOK, { token: bob.token }))).toEqual({ status: 200 });
    expect(await ask(sg.url, ME, { token: bob.token })).toMatchObject({ status: 200, body: { data: { me: { id: bob.id } } } });
    expectRefused(await ask(sg.url, LOGBOOK, { token: bob.token }));
    // A token is its user's bucket, not the address's: anonymous requests from the same address go on.
    expect(served(await ask(sg.url, GYMS))).toEqual({ status: 200 });
    expect(await metric(sg.baseUrl, 'clmb_router_rate_limited_total{client="user"}')).toBe(refusals + 3);
  });

  it('limits an anonymous client by the address it connects from, whatever X-Forwarded-For it claims', async () => {
    await withRouter({}, async (url) => {
      expect(served(await ask(url, GYMS, { forwardedFor: '203.0.113.1' }))).toEqual({ status: 200 });
      for (const address of ['203.0.113.2', '198.51.100.7', '2001:db8::1']) expectRefused(await ask(url, GYMS, { forwardedFor: address }));
    });
  });

  it('behind a trusted proxy, limits each address the proxy reports', async () => {
    await withRouter({ TRUST_PROXY: 'loopback' }, async (url) => {
      expect(served(await ask(url, GYMS, { forwardedFor: '203.0.113.1' }))).toEqual({ status: 200 });
      expectRefused(await ask(url, GYMS, { forwardedFor: '203.0.113.1' }));
      expect(served(await ask(url, GYMS, { forwardedFor: '203.0.113.2' }))).toEqual({ status: 200 });
      // An IPv6 client's /64 is one bucket.
      expect(served(await ask(url, GYMS, { forwardedFor: '2001:db8:1:2::1' }))).toEqual({ status: 200 });
      expectRefused(await ask(url, GYMS, { forwardedFor: '2001:db8:1:2::2' }));
    });
  });
});

/**
 * With REDIS_URL the buckets are shared: here by two routers, each with its own in-process
 * buckets (the fallback) and its own Redis connection, on a key prefix of this test's own.
 */
describe('the rate limit shared through Redis', () => {
  const prefix = `clmb:test:${randomBytes(4).toString('hex')}:`;
  const redis = new Redis(REDIS);
  const routers: Router[] = [];
  let proxy: TcpProxy;
  const urls = { a: '', b: '', throughProxy: '' };

  /** Asks until the router keeps buckets in Redis (its connection is up): a small query makes one. */
  const sharing = async (url: string) => {
    const { token, id } = await climber(sg);
    await until(async () => {
      await ask(url, ME, { token });
      return (await redis.exists(`${prefix}ratelimit:user:${id}`)) === 1;
    });
  };

  beforeAll(async () => {
    proxy = await startTcpProxy('127.0.0.1', Number(new URL(REDIS).port || 6379));
    const shared = { REDIS_URL: REDIS, CACHE_KEY_PREFIX: prefix };
    for (const [name, env] of [['a', shared], ['b', shared], ['throughProxy', { ...shared, REDIS_URL: `redis://127.0.0.1:${proxy.port}` }]] as const) {
      const router = await sg.startExtraRouter(env);
      routers.push(router);
      urls[name] = `${router.url}/graphql`;
      await sharing(urls[name]);
    }
  }, 60_000);
  afterAll(async () => {
    for (const router of routers) await router.stop();
    await proxy?.close();
    await dropKeys(REDIS, prefix);
    redis.disconnect();
  });

  it('refuses on one router what a user spent on another, and serves another user there', async () => {
    const [carol, dave] = [await climber(sg), await climber(sg)];
    expect(served(await ask(urls.a, LOGBOOK, { token: carol.token }))).toEqual({ status: 200 });
    expectRefused(await ask(urls.b, LOGBOOK, { token: carol.token }));
    expect(served(await ask(urls.b, LOGBOOK, { token: dave.token }))).toEqual({ status: 200 });
    // The bucket lives as long as it takes to fill up again, not forever.
    expect(await redis.pttl(`${prefix}ratelimit:user:${carol.id}`)).toBeGreaterThan(0);
  });

  it('keeps answering, limiting in-process, while Redis is away, and shares again once it is back', async () => {
    const url = urls.throughProxy;
    const baseUrl = url.replace(/\/graphql$/, '');
    const erin = await climber(sg);
    const storeErrors = await metric(baseUrl, 'clmb_router_rate_limit_store_errors_total');
    await proxy.cut();
    expect(served(await ask(url, LOGBOOK, { token: erin.token }))).toEqual({ status: 200 });
    expectRefused(await ask(url, LOGBOOK, { token: erin.token }));
    expect(await metric(baseUrl, 'clmb_router_rate_limit_store_errors_total')).toBeGreaterThan(storeErrors);
    await proxy.restore();
    await sharing(url);
  });
});
