import { createHash } from 'node:crypto';
import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { type Logger, TooManyRequestsError, tooManyRequests } from '@clmb/common';
import type { Request, RequestHandler } from 'express';
import type { DocumentNode } from 'graphql';
import type { Redis } from 'ioredis';
import { MIN_COST } from './armor';
import { normalizeAddress, type RouterContext } from './context';
import type { Metrics } from './metrics';

// ---------------------------------------------------------------------------------------------
// A token bucket per client, weighted by operation cost: each client's bucket holds up to `burst`
// points and refills at `pointsPerSecond`; an operation takes its cost (GraphQL Armor's, see
// armor.ts) or is refused, taking nothing, with the time until its cost is there again.

export interface BucketSettings {
  pointsPerSecond: number;
  /** The bucket's size: what a client may spend at once after being idle. */
  burst: number;
}

/** A bucket's points as of `at` (ms). A client without a bucket has a full one. */
export interface Bucket {
  tokens: number;
  at: number;
}

/** The points in `bucket` at `now`: its points at `at` plus the refill since, up to the burst. */
export const tokensAt = (bucket: Bucket | undefined, now: number, s: BucketSettings): number =>
  bucket ? Math.min(s.burst, bucket.tokens + (Math.max(0, now - bucket.at) * s.pointsPerSecond) / 1000) : s.burst;

/** Milliseconds until a bucket holding `tokens` has `cost` points: 0 when it has them now. */
export const waitMs = (tokens: number, cost: number, s: BucketSettings): number =>
  tokens >= cost ? 0 : ((cost - tokens) * 1000) / s.pointsPerSecond;

/**
 * Of a refusal's `wait` for `cost`: how long until the bucket holds the cheapest operation's cost,
 * i.e. until some operation could be served again; 0 when one could be now.
 */
export const waitForAnyMs = (wait: number, cost: number, s: BucketSettings): number =>
  Math.max(0, wait - ((cost - MIN_COST) * 1000) / s.pointsPerSecond);

/** When `bucket` is full again; from then on it is the same as no bucket, and may be forgotten. */
export const fullAt = (bucket: Bucket, s: BucketSettings): number => bucket.at + ((s.burst - bucket.tokens) * 1000) / s.pointsPerSecond;

/** Takes `cost` points from client `key`'s bucket; resolves to 0 when taken, else the milliseconds to wait. */
export interface Limiter {
  take(key: string, cost: number): number | Promise<number>;
  close(): void;
}

export interface MemoryBucketsOptions {
  /** Buckets kept at most; beyond that the oldest is forgotten (its client gets a full bucket). */
  maxBuckets?: number;
  sweepIntervalMs?: number;
  now?: () => number;
}

/**
 * The buckets in this process: a Map lookup and some arithmetic per request. Memory stays bounded:
 * a sweep forgets every bucket that has filled up again (an idle client), and past `maxBuckets`
 * the oldest bucket is forgotten.
 */
export function memoryBuckets(s: BucketSettings, options: MemoryBucketsOptions = {}) {
  const { maxBuckets = 100_000, sweepIntervalMs = 10_000, now = Date.now } = options;
  const buckets = new Map<string, Bucket>();
  const sweep = () => {
    const time = now();
    for (const [key, bucket] of buckets) if (fullAt(bucket, s) <= time) buckets.delete(key);
  };
  const timer = setInterval(sweep, sweepIntervalMs);
  timer.unref();
  return {
    take(key: string, cost: number): number {
      const time = now();
      const bucket = buckets.get(key);
      const tokens = tokensAt(bucket, time, s);
      if (tokens < cost) return waitMs(tokens, cost, s);
      if (bucket) {
        bucket.tokens = tokens - cost;
        bucket.at = time;
      } else {
        if (buckets.size >= maxBuckets) buckets.delete(buckets.keys().next().value as string);
        buckets.set(key, { tokens: tokens - cost, at: time });
      }
      return 0;
    },
    sweep,
    /** Buckets held now. */
    size: () => buckets.size,
    close: () => clearInterval(timer),
  };
}

/**
 * The same bucket in Redis, read and written atomically by one script on Redis's own clock (so
 * replicas whose clocks differ agree). The key expires when the bucket would be full again.
 * `replicate_commands` lets Redis 5-6 write after TIME; from Redis 7 it is the default.
 */
const TAKE_TOKENS = `
redis.replicate_commands()
local rate, burst, cost = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local time = redis.call('TIME')
local now = time[1] * 1000 + time[2] / 1000
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = burst
if bucket[1] then
  tokens = math.min(burst, tonumber(bucket[1]) + math.max(0, now - tonumber(bucket[2])) * rate / 1000)
end
if tokens < cost then return math.ceil((cost - tokens) * 1000 / rate) end
tokens = tokens - cost
redis.call('HSET', KEYS[1], 'tokens', tokens, 'at', now)
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) * 1000 / rate))
return 0
`;

type TakeTokens = (key: string, pointsPerSecond: number, burst: number, cost: number) => Promise<number>;

/**
 * Buckets shared by every replica through Redis: one EVALSHA round trip per request (ioredis sends
 * the script itself once, on NOSCRIPT). While Redis is unreachable, or a call fails, `fallback`
 * (this process's buckets) decides instead: a request is never refused or failed for want of Redis.
 * An outage is logged by the connection (redis.ts); calls that fail while Redis is up, here.
 */
export function redisBuckets(redis: Redis, keyPrefix: string, s: BucketSettings, fallback: Limiter, logger: Logger, metrics: Metrics): Limiter {
  redis.defineCommand('clmbTakeTokens', { numberOfKeys: 1, lua: TAKE_TOKENS });
  const takeTokens = (redis as unknown as { clmbTakeTokens: TakeTokens }).clmbTakeTokens.bind(redis);
  const inProcess = (key: string, cost: number) => {
    metrics.rateLimitStoreErrors.inc();
    return fallback.take(key, cost);
  };
  // Calls that fail while the connection is up (a Redis too busy to answer in time): warned of once
  // per run of failures, which the connection's own outage log never sees.
  let failing = false;
  return {
    take: async (key, cost) => {
      if (redis.status !== 'ready') return inProcess(key, cost);
      try {
        const wait = await takeTokens(`${keyPrefix}${key}`, s.pointsPerSecond, s.burst, cost);
        failing = false;
        return wait;
      } catch (error) {
        if (!failing) logger.warn({ err: error }, 'rate limit store (Redis) calls failing: limiting in this process until they succeed');
        failing = true;
        return inProcess(key, cost);
      }
    },
    close: () => fallback.close(),
  };
}

// ---------------------------------------------------------------------------------------------

/**
 * Whose bucket an anonymous request takes from: its address, or for IPv6 its /64, which one
 * client (a host, a home network) usually holds whole and could otherwise walk through.
 */
export function addressBucket(address: string): string {
  if (!address.includes(':')) return address;
  const [head = '', tail] = address.split('::');
  const groups = head ? head.split(':') : [];
  if (tail !== undefined) {
    const rest = tail ? tail.split(':') : [];
    groups.push(...Array<string>(Math.max(0, 8 - groups.length - rest.length)).fill('0'), ...rest);
  }
  return `${groups
    .slice(0, 4)
    .map((group) => (Number.parseInt(group, 16) || 0).toString(16))
    .join(':')}::/64`;
}

/** What a refusal remembers: until when nothing may be served, and until when the refused operation may not. */
interface Refusal {
  anyUntil: number;
  /** The refused operation's query hash (SHA-256 of its text, the persisted-query hash). */
  operation: string;
  operationUntil: number;
}

/**
 * Clients this process refused lately, until their wait is over: by the Authorization header as
 * sent (a user's token), else by address. A client is refused again before Apollo's pipeline (see
 * `refuseWhileWaiting`) while its bucket cannot pay for any operation, and while it sends the same
 * operation again before that operation's wait is over; another operation it may afford goes on.
 * A client refused a second, different operation while waiting for the first is not choosing what
 * it can afford (or varies its query text to get past this): it is refused everything until both
 * waits are over.
 */
export function refusedClients(options: { maxClients?: number; now?: () => number } = {}) {
  const { maxClients = 10_000, now = Date.now } = options;
  const refusals = new Map<string, Refusal>();
  return {
    note(key: string, operation: string, waitMs: number, waitForAnyMs: number) {
      const at = now();
      const before = refusals.get(key);
      if (before === undefined && refusals.size >= maxClients) refusals.delete(refusals.keys().next().value as string);
      if (before !== undefined && before.operationUntil > at && before.operation !== operation) {
        const until = Math.max(before.operationUntil, at + waitMs);
        refusals.set(key, { anyUntil: until, operation, operationUntil: until });
      } else {
        refusals.set(key, { anyUntil: at + waitForAnyMs, operation, operationUntil: at + waitMs });
      }
    },
    /** Milliseconds `key` must still wait before sending its operation (its query hash, if known); 0 when it may send it now. */
    waitOf(key: string, operationOf: () => string | undefined): number {
      const refusal = refusals.get(key);
      if (refusal === undefined) return 0;
      const at = now();
      if (refusal.operationUntil <= at) {
        refusals.delete(key);
        return 0;
      }
      // The refused operation itself waits its whole wait, never just until some operation could run.
      if (operationOf() === refusal.operation) return refusal.operationUntil - at;
      return Math.max(0, refusal.anyUntil - at);
    },
    size: () => refusals.size,
  };
}

export type RefusedClients = ReturnType<typeof refusedClients>;

/** The bucket of an anonymous client's address. */
const addressKey = (address: string | undefined) => (address ? `address:${addressBucket(address)}` : undefined);

/** How `refusedClients` knows a client before anything is parsed. */
const refusedKey = (authorization: string | undefined, address: string | undefined) => authorization ?? addressKey(address);

const seconds = (waitMs: number) => Math.max(1, Math.ceil(waitMs / 1000));

/**
 * Charges every operation that is about to run (parsed, valid, resolved; a response-cache hit too)
 * to its client: the user of a verified token, or else the client's address (as TRUST_PROXY
 * reports it). `costOf` is the operation limits' own cost of the document.
 */
export function rateLimitPlugin(
  limiter: Limiter,
  settings: BucketSettings,
  costOf: (document: DocumentNode) => number,
  refused: RefusedClients,
  metrics: Metrics,
): ApolloServerPlugin<RouterContext> {
  // One listener for every request: nothing is allocated per request but the bucket key.
  const listener: GraphQLRequestListener<RouterContext> = {
    async didResolveOperation({ document, queryHash, contextValue: { authorization, viewerId, clientAddress }, response }) {
      const key = viewerId ? `user:${viewerId}` : addressKey(clientAddress);
      if (!key) return;
      const cost = costOf(document);
      const wait = await limiter.take(key, cost);
      if (wait === 0) return;
      metrics.rateLimited.inc({ client: viewerId ? 'user' : 'address' });
      const early = refusedKey(authorization, clientAddress);
      if (early && queryHash) refused.note(early, queryHash, wait, waitForAnyMs(wait, cost, settings));
      // Set here, the status and header stay when Apollo answers with the error thrown below.
      response.http.status = 429;
      response.http.headers.set('retry-after', String(seconds(wait)));
      throw new TooManyRequestsError(seconds(wait));
    },
  };
  return { requestDidStart: async () => listener };
}

/** The hash Apollo knows a request's operation by (`queryHash`): a persisted query's own, else the SHA-256 of its text. */
function queryHashOf(req: Request): string | undefined {
  const params = (req.method === 'GET' ? req.query : req.body) as { query?: unknown; extensions?: unknown } | undefined;
  const persisted = (extensionsOf(params?.extensions) as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery?.sha256Hash;
  if (typeof persisted === 'string') return persisted;
  return typeof params?.query === 'string' ? createHash('sha256').update(params.query).digest('hex') : undefined;
}

/** A request's `extensions`: an object in a POST body, JSON text in a GET's query string. */
function extensionsOf(extensions: unknown): unknown {
  if (typeof extensions !== 'string') return extensions;
  try {
    return JSON.parse(extensions);
  } catch {
    return undefined;
  }
}

/**
 * Once the body is read, before Apollo's pipeline: a client refused lately gets a 429 again as
 * `refusedClients` says (nothing affordable, the refused operation repeated, or a second operation
 * refused), for a Map lookup, a hash of the query text and a short JSON answer instead of the
 * pipeline, so ignoring Retry-After costs the router (and the clients beside it) little. A lookup
 * only while some client is waiting.
 */
export const refuseWhileWaiting =
  (refused: RefusedClients, metrics: Metrics): RequestHandler =>
  (req, res, next) => {
    if (refused.size() === 0) return next();
    const { authorization } = req.headers;
    const key = refusedKey(authorization, req.ip && normalizeAddress(req.ip));
    const wait = key ? refused.waitOf(key, () => queryHashOf(req)) : 0;
    if (wait === 0) return next();
    metrics.rateLimited.inc({ client: authorization ? 'user' : 'address' });
    res
      .status(429)
      .set('retry-after', String(seconds(wait)))
      .json({ errors: [tooManyRequests(seconds(wait))] });
  };
