import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import type { Logger } from '@clmb/common';
import type { Redis } from 'ioredis';
import type { Metrics } from './metrics';

/**
 * Where cached answers live: strings under keys, each with its own time to live. A store never
 * throws: an entry it cannot read is a miss, one it cannot write is skipped.
 */
export interface CacheStore {
  getMany(keys: string[]): Promise<(string | undefined)[]>;
  set(key: string, value: string, ttlSeconds: number): void;
}

/** In this process, bounded by the bytes its values take; the least recently used go first. */
export function memoryStore(maxBytes: number): CacheStore {
  const lru = new InMemoryLRUCache<string>({ maxSize: maxBytes, sizeCalculation: (value) => value.length || 1 });
  return {
    getMany: (keys) => Promise.all(keys.map((key) => lru.get(key))),
    set: (key, value, ttlSeconds) => void lru.set(key, value, { ttl: ttlSeconds }),
  };
}

/**
 * In Redis, shared by every router replica. The client is set up to fail fast (no offline queue,
 * no retry per command, a short timeout), so a Redis outage costs each request a miss, not a wait.
 */
export function redisStore(redis: Redis, logger: Logger, metrics: Metrics): CacheStore {
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
