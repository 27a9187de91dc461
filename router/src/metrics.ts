import { metricsRegistry } from '@clmb/common';
import { Counter, Gauge } from 'prom-client';

const cacheLookups = new Counter({
  name: 'clmb_router_cache_lookups_total',
  help: 'Cache lookups by cache (entity: one per _entities representation; response: one per public query, with a token or without) and result.',
  labelNames: ['cache', 'result'] as const,
  registers: [metricsRegistry],
});

/**
 * The router's own series at /metrics (beside the request, subgraph and process metrics every
 * service has): cache hits and misses, store errors, invalidations, subgraph requests answered
 * by an identical one in flight, and the rate limit's refusals and store errors. One set per
 * process, in the registry /metrics serves.
 */
export const routerMetrics = {
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
  tagInvalidations: new Counter({
    name: 'clmb_router_cache_tag_invalidations_total',
    help: 'Cache tags (an entity, or a type\'s set) whose version a write through a router moved, here or on another replica it heard of.',
    registers: [metricsRegistry],
  }),
  rateLimited: new Counter({
    name: 'clmb_router_rate_limited_total',
    help: 'Requests refused (429 TOO_MANY_REQUESTS) by the per-client rate limit, by whose bucket was empty: a user (token) or an address.',
    labelNames: ['client'] as const,
    registers: [metricsRegistry],
  }),
  rateLimitStoreErrors: new Counter({
    name: 'clmb_router_rate_limit_store_errors_total',
    help: 'Rate-limit checks Redis could not answer (unreachable, failed), decided by this process instead.',
    registers: [metricsRegistry],
  }),
  subscriptions: new Gauge({
    name: 'clmb_router_subscriptions',
    help: 'Subscriptions open on this router (graphql-ws).',
    registers: [metricsRegistry],
  }),
  subscriptionConnections: new Gauge({
    name: 'clmb_router_subscription_connections',
    help: 'graphql-ws connections open on this router, acknowledged (authenticated) ones.',
    registers: [metricsRegistry],
  }),
  subscriptionEvents: new Counter({
    name: 'clmb_router_subscription_events_total',
    help: 'Events heard by a subscription: resolved, or folded into a resolution already pending (coalesced).',
    labelNames: ['result'] as const,
    registers: [metricsRegistry],
  }),
  subscriptionPayloads: new Counter({
    name: 'clmb_router_subscription_payloads_total',
    help: 'Resolutions of an event for a subscriber: sent, or skipped (the subscriber may not see it, or it failed).',
    labelNames: ['result'] as const,
    registers: [metricsRegistry],
  }),
  subscriptionCloses: new Counter({
    name: 'clmb_router_subscription_closes_total',
    help: 'graphql-ws connections closed, by reason: client, unauthorized (no/bad token), token (expired or revoked), too_many_connections, slow, shutdown.',
    labelNames: ['reason'] as const,
    registers: [metricsRegistry],
  }),
  sharedRequests: new Counter({
    name: 'clmb_router_subgraph_requests_shared_total',
    help: 'Subgraph requests not sent because an identical one was in flight; its answer was shared.',
    labelNames: ['subgraph'] as const,
    registers: [metricsRegistry],
  }),
};

export type RouterMetrics = typeof routerMetrics;
