import type { Logger } from '@clmb/common';
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { RouterMetrics } from '../metrics';

/**
 * Where cached answers live: strings under keys, each with its own time to live. A store never
 * throws: an entry it cannot read is a miss, one it cannot write is skipped.
 */
export interface CacheStore {
  getMany(keys: string[]): Promise<(string | undefined)[]>;
  set(key: string, value: string, ttlSeconds: number): void;
}

// What an entry holds besides its key and value: the LRU's bookkeeping and the strings' headers.
const ENTRY_OVERHEAD_BYTES = 128;

/**
 * In this process, bounded by the bytes its entries take (key and value at two bytes a character,
 * plus the bookkeeping per entry: an entity's key is often longer than its value); the least
 * recently used go first. Reads are synchronous: an entity query's representations are looked up
 * without a promise each.
 */
export function memoryStore(maxBytes: number): CacheStore {
  const lru = new LRUCache<string, string>({
    maxSize: maxBytes,
    sizeCalculation: (value, key) => 2 * (key.length + value.length) + ENTRY_OVERHEAD_BYTES,
  });
  return {
    getMany: async (keys) => keys.map((key) => lru.get(key)),
    set: (key, value, ttlSeconds) => void lru.set(key, value, { ttl: ttlSeconds * 1000 }),
  };
}

/**
 * In Redis, shared by every router replica. The client is set up to fail fast (no offline queue,
 * no retry per command, a short timeout), so a Redis outage costs each request a miss, not a wait.
 */
export function redisStore(redis: Redis, logger: Logger, metrics: RouterMetrics): CacheStore {
  const failed = (error: unknown) => {
    metrics.storeErrors.inc();
    logger.debug({ err: error }, 'cache store unavailable');
  };
  return {
    getMany: async (keys) => {
      try {
        return (await redis.mget(keys)).map((value) => value ?? undefined);
      } catch (error) {
        failed(error);
        return keys.map(() => undefined);
      }
    },
    set: (key, value, ttlSeconds) => {
      redis.set(key, value, 'EX', ttlSeconds).catch(failed);
    },
  };
}
