import type { Logger } from '@clmb/common';
import type { Redis } from 'ioredis';
import { createCachePolicies } from './cache-policy';
import { type CacheStore, memoryStore, redisStore } from './cache-store';
import { type Generation, localGeneration, redisGeneration } from './cache-generation';
import type { Config } from './config';
import { EntityCache } from './entity-cache';
import type { Metrics } from './metrics';
import { responseCachePlugins } from './response-cache';

/** The subgraph whose SDL declares cache hints and whose writes start a new cache generation. */
const CACHED_SUBGRAPH = 'gyms';

/**
 * The router's caches (docs/caching.md): an entity cache in front of the gyms subgraph, a
 * response cache for anonymous public queries, and their invalidation. In this process by
 * default; in Redis (`redis`, the router's connection when REDIS_URL is set), shared with every
 * replica. Undefined when CACHE_ENABLED=false.
 */
export function createRouterCache(config: Config, supergraphSdl: string, logger: Logger, metrics: Metrics, redis: Redis | undefined) {
  const { enabled, keyPrefix, maxTtlSeconds, memoryBytes } = config.cache;
  if (!enabled) return undefined;
  const policies = createCachePolicies(supergraphSdl, CACHED_SUBGRAPH, maxTtlSeconds);
  let store: CacheStore;
  let generation: Generation;
  if (redis) {
    generation = redisGeneration(redis, `${keyPrefix}generation`, logger, metrics);
    store = redisStore(redis, logger, metrics);
  } else {
    generation = localGeneration(metrics);
    store = memoryStore(memoryBytes);
  }
  const entityCache = new EntityCache(policies, store, generation, metrics, keyPrefix);
  return {
    plugins: responseCachePlugins(policies, store, generation, metrics, keyPrefix),
    /** What the data source of subgraph `name` caches, and what it reports after a mutation. */
    forSubgraph: (name: string) => (name === CACHED_SUBGRAPH ? { entityCache, onMutation: () => generation.next() } : {}),
    close: () => generation.close(),
  };
}
