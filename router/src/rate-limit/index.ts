import type { Logger } from '@clmb/common';
import type { Redis } from 'ioredis';
import type { Config } from '../config';
import type { CostOf } from '../demand-control';
import type { RouterMetrics } from '../metrics';
import { memoryBuckets } from './memory-buckets';
import { rateLimitPlugin } from './plugin';
import { redisBuckets } from './redis-buckets';
import { refusedClients } from './refused-clients';
import { refuseWhileWaiting } from './screen';

interface RateLimitDependencies {
  /** The router's Redis connection when REDIS_URL is set: the buckets are then shared by every replica. */
  redis: Redis | undefined;
  metrics: RouterMetrics;
  logger: Logger;
  /** The request's estimated cost (demand-control/): what an operation takes from its client's bucket. */
  costOf: CostOf;
  /** The clock of the buckets and the refusals (tests bring their own). */
  now?: () => number;
}

/**
 * The per-client rate limit (docs/operations.md): a token bucket of operation cost points per
 * client, in Redis, shared by the replicas, when there is one; in this process otherwise, and
 * while it is away. `plugin` charges each operation about to run; `screen` runs before Apollo's
 * pipeline and refuses early a client that is still told to wait. Undefined when
 * RATE_LIMIT_ENABLED=false.
 */
export function createRateLimit(config: Config['rateLimit'], { redis, metrics, logger, costOf, now }: RateLimitDependencies) {
  if (!config.enabled) return undefined;
  const inProcess = memoryBuckets(config, { now });
  const buckets = redis ? redisBuckets(redis, config.keyPrefix, config, inProcess, logger, metrics) : inProcess;
  const refused = refusedClients({ now });
  return {
    plugin: rateLimitPlugin(buckets, config, costOf, refused, metrics),
    screen: refuseWhileWaiting(refused, metrics),
    close: () => buckets.close(),
  };
}
