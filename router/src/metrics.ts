import { metricsRegistry } from '@clmb/common';
import { Counter } from 'prom-client';

const cacheLookups = new Counter({
  name: 'clmb_router_cache_lookups_total',
  help: 'Cache lookups by cache (entity: one per _entities representation; response: one per anonymous query) and result.',
  labelNames: ['cache', 'result'] as const,
  registers: [metricsRegistry],
});

const metrics = {
  entityHits: cacheLookups.labels('entity', 'hit'),
  entityMisses: cacheLookups.labels('entity', 'miss'),
  responseHits: cacheLookups.labels('response', 'hit'),
  responseMisses: cacheLookups.labels('response', 'miss'),
  storeErrors: new Counter({
    name: 'clmb_router_cache_store_errors_total',
    help: 'Cache reads and writes that failed (e.g. Redis unreachable) and were served uncached.',
    registers: [metricsRegistry],
  }),
  invalidations: new Counter({
    name: 'clmb_router_cache_invalidations_total',
    help: 'Cache generations started by a write to a cached subgraph, here or on another replica.',
    registers: [metricsRegistry],
  }),
  sharedRequests: new Counter({
    name: 'clmb_router_subgraph_requests_shared_total',
    help: 'Subgraph requests not sent because an identical one was in flight; its answer was shared.',
    labelNames: ['subgraph'] as const,
    registers: [metricsRegistry],
  }),
};

/**
 * The router's own series at /metrics (beside the request, subgraph and process metrics every
 * service has): cache hits and misses, store errors, invalidations, and subgraph requests
 * answered by an identical one in flight. One set per process, in the registry /metrics serves.
 */
export const createMetrics = () => metrics;

export type Metrics = typeof metrics;
