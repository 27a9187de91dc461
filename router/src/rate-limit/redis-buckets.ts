import type { Logger } from '@clmb/common';
import type { Redis } from 'ioredis';
import type { RouterMetrics } from '../metrics';
import type { BucketSettings, BucketStore } from './bucket';

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
export function redisBuckets(redis: Redis, keyPrefix: string, s: BucketSettings, fallback: BucketStore, logger: Logger, metrics: RouterMetrics): BucketStore {
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
