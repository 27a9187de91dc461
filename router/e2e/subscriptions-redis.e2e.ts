import { randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { gqlAt } from '@clmb/testkit';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { eventually, liveClient, metric } from './live-client';
import { type Supergraph, startSupergraph } from './supergraph';

const REDIS = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const LEADERBOARD = /* GraphQL */ `subscription Board($gymId: ID!) {
  leaderboardChanged(gymId: $gymId, period: WEEK) { gym { name } entries { points user { username } } }
}`;

type RouterProcess = Awaited<ReturnType<Supergraph['startRouterProcess']>>;

describe('subscriptions with two router processes sharing Redis', () => {
  // One prefix per run: channels and cache keys of other tests (and runs) never meet these.
  const prefix = `clmb:test:${randomBytes(4).toString('hex')}:`;
  const redisEnv = { REDIS_URL: REDIS, EVENTS_PREFIX: `${prefix}events:`, CACHE_KEY_PREFIX: prefix };
  let sg: Supergraph;
  let a: RouterProcess;
  let b: RouterProcess;
  let redis: Redis;
  let gymId: string;
  let routeId: string;
  let lea: string;

  const subscribers = (channel: string) => redis.pubsub('NUMSUB', `${prefix}events:${channel}`).then((reply) => Number((reply as [string, number])[1]));

  beforeAll(async () => {
    sg = await startSupergraph({ usersEnv: redisEnv });
    // Router A lets a subscription select much (for the slow consumer below) and closes a client that stops reading after 1 s.
    a = await sg.startRouterProcess({ ...redisEnv, MAX_QUERY_ALIASES: '1000', MAX_QUERY_TOKENS: '10000', SUBSCRIPTION_SLOW_CONSUMER_SECONDS: '1' });
    b = await sg.startRouterProcess(redisEnv);
    redis = new Redis(REDIS);
    const admin = (await sg.build.logIn('admin@clmb.dev')).accessToken;
    const gym = await sg.build.gymWithRoutes(admin, { slug: 'redis-wall', routeCount: 1 });
    gymId = gym.gymId;
    routeId = gym.routeIds[0]!;
    lea = (await sg.build.user({ username: 'lea_redis' })).accessToken;
    await sg.request(`mutation { updatePreferences(input: { showOnLeaderboards: true }) { showOnLeaderboards } }`, {}, lea);
  }, 180_000);
  afterAll(async () => {
    redis?.disconnect();
    await Promise.all([a?.stop(), b?.stop()]);
    await sg?.stop();
  });

  it('a climb logged through router B reaches the subscriber on router A within 1 s', async () => {
    const live = liveClient(a.url, lea);
    try {
      const next = live.subscribe(LEADERBOARD, { gymId }).next();
      await eventually(async () => (await subscribers(`leaderboardChanged:${gymId}`)) >= 1);
      const session = await gqlAt(b.url)(`mutation S($gymId: ID!) { startSession(input: { gymId: $gymId }) { id } }`, { gymId }, lea);
      const sessionId = (session.data as { startSession: { id: string } }).startSession.id;
      await gqlAt(b.url)(`mutation C($input: LogClimbInput!) { logClimb(input: $input) { id } }`, { input: { sessionId, routeId, attempts: 2, sent: true } }, lea);
      const written = Date.now();
      expect((await next).value).toEqual({ data: { leaderboardChanged: { gym: { name: 'Gym redis-wall' }, entries: [{ points: 100, user: { username: 'lea_redis' } }] } } });
      expect(Date.now() - written).toBeLessThan(1_000);
    } finally {
      await live.dispose();
    }
  });

  it('an event the subscriber gets nothing for (no such gym) sends nothing', async () => {
    const ghost = randomUUID();
    const live = liveClient(a.url, lea);
    try {
      let ghostSent = false;
      live.subscribe(LEADERBOARD, { gymId: ghost }).next().then(() => (ghostSent = true), () => {});
      const real = live.subscribe(LEADERBOARD, { gymId }).next();
      await eventually(async () => (await subscribers(`leaderboardChanged:${ghost}`)) >= 1 && (await subscribers(`leaderboardChanged:${gymId}`)) >= 1);
      const skipped = 'clmb_router_subscription_payloads_total{result="skipped"}';
      const before = await metric(a.baseUrl, skipped);
      const publish = (id: string) => redis.publish(`${prefix}events:leaderboardChanged:${id}`, JSON.stringify({ topic: `leaderboardChanged:${id}`, entity: { __typename: 'Gym', id } }));
      await publish(ghost);
      await publish(gymId);
      expect((await real).value).toMatchObject({ data: { leaderboardChanged: { gym: { name: 'Gym redis-wall' } } } });
      await eventually(async () => (await metric(a.baseUrl, skipped)) === before + 1);
      expect(ghostSent).toBe(false);
    } finally {
      await live.dispose();
    }
  });

  it('1,000 idle subscriptions on one router hold (5 users × 10 connections × 20)', async () => {
    const tokens = await Promise.all(Array.from({ length: 5 }, async (_, i) => (await sg.build.user({ username: `idle_${i}_${randomBytes(2).toString('hex')}` })).accessToken));
    const rss = async () => Math.round(Number(/VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${a.process.child.pid}/status`, 'utf8'))?.[1]) / 1024);
    const idle = await rss();
    const before = await metric(a.baseUrl, 'clmb_router_subscriptions');
    const clients = tokens.flatMap((token) => Array.from({ length: 10 }, () => liveClient(a.url, token)));
    try {
      for (const live of clients) for (let i = 0; i < 20; i++) live.subscribe(LEADERBOARD, { gymId }).next().catch(() => {});
      await eventually(async () => (await metric(a.baseUrl, 'clmb_router_subscriptions')) === before + 1_000, 60_000);
      console.log(`router RSS: ${idle} MB before, ${await rss()} MB with ${before + 1_000} idle subscriptions on ${clients.length} connections`);
      expect(await gqlAt(a.url)(`{ me { id } }`, {}, lea)).toMatchObject({ status: 200 });
    } finally {
      await Promise.all(clients.map((live) => live.dispose()));
      // The router counts the closes as it handles them: the next test's count starts from here.
      await eventually(async () => (await metric(a.baseUrl, 'clmb_router_subscriptions')) === before, 30_000);
    }
  }, 120_000);

  it('a client that stops reading is closed with 1013 instead of piling payloads up', async () => {
    // Each payload is about 60 KB: a thousand aliases the router answers itself.
    const wide = Array.from({ length: 1_000 }, (_, i) => `typename_alias_number_${String(i).padStart(4, '0')}: __typename`).join(' ');
    const query = `subscription Wide($gymId: ID!) { leaderboardChanged(gymId: $gymId) { ${wide} } }`;
    const socket = new WebSocket(a.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${lea}` } }));
    await new Promise((resolve) => socket.once('message', resolve));
    const before = await metric(a.baseUrl, 'clmb_router_subscriptions');
    socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables: { gymId } } }));
    await eventually(async () => (await metric(a.baseUrl, 'clmb_router_subscriptions')) > before);
    socket.pause();
    const slow = 'clmb_router_subscription_closes_total{reason="slow"}';
    const event = JSON.stringify({ topic: `leaderboardChanged:${gymId}`, entity: { __typename: 'Gym', id: gymId } });
    // Events keep coming; the router sends what the socket takes, folds the rest, and gives up on the client.
    await eventually(async () => {
      await redis.publish(`${prefix}events:leaderboardChanged:${gymId}`, event);
      return (await metric(a.baseUrl, slow)) >= 1;
    }, 60_000);
    socket.resume();
    expect(await closed).toEqual({ code: 1013, reason: 'Try again later: this client does not read what it is sent' });
  }, 90_000);
});
