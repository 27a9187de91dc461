import { Counter, Registry } from 'prom-client';

/**
 * What an operator sees at GET /metrics (Prometheus text): cache hits and misses, store errors,
 * invalidations, and subgraph requests answered by an identical one already in flight.
 */
export function createMetrics() {
  const registry = new Registry();
  const cacheLookups = new Counter({
    name: 'clmb_router_cache_lookups_total',
    help: 'Cache lookups by cache (entity: one per _entities representation; response: one per anonymous query) and result.',
    labelNames: ['cache', 'result'] as const,
    registers: [registry],
  });
  const counters = {
    entityHits: cacheLookups.labels('entity', 'hit'),
    entityMisses: cacheLookups.labels('entity', 'miss'),
    responseHits: cacheLookups.labels('response', 'hit'),
    responseMisses: cacheLookups.labels('response', 'miss'),
    storeErrors: new Counter({ name: 'clmb_router_cache_store_errors_total', help: 'Cache reads and writes that failed (e.g. Redis unreachable) and were served uncached.', registers: [registry] }),
    invalidations: new Counter({ name: 'clmb_router_cache_invalidations_total', help: 'Cache generations started by a write to a cached subgraph, here or on another replica.', registers: [registry] }),
    sharedRequests: new Counter({
      name: 'clmb_router_subgraph_requests_shared_total',
      help: 'Subgraph requests not sent because an identical one was in flight; its answer was shared.',
      labelNames: ['subgraph'] as const,
      registers: [registry],
    }),
  };
  return { registry, ...counters };
}

export type Metrics = ReturnType<typeof createMetrics>;
