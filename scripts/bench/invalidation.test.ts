import { describe, expect, it } from 'vitest';
import { hitRatio, parseLookups } from './invalidation';

const metrics = (responseHits: number, responseMisses: number) => `# HELP clmb_router_cache_lookups_total Cache lookups by cache and result.
# TYPE clmb_router_cache_lookups_total counter
clmb_router_cache_lookups_total{cache="entity",result="hit"} 40
clmb_router_cache_lookups_total{cache="entity",result="miss"} 10
clmb_router_cache_lookups_total{cache="response",result="hit"} ${responseHits}
clmb_router_cache_lookups_total{cache="response",result="miss"} ${responseMisses}
clmb_router_cache_store_errors_total 0
`;

describe('the router’s cache hit ratio', () => {
  it('reads each cache’s hits and misses from /metrics', () => {
    expect(parseLookups(metrics(7, 3))).toEqual({ response: { hit: 7, miss: 3 }, entity: { hit: 40, miss: 10 } });
  });

  it('counts a series not yet in the text as 0', () => {
    expect(parseLookups('clmb_router_cache_lookups_total{cache="response",result="hit"} 5\n')).toEqual({ response: { hit: 5, miss: 0 }, entity: { hit: 0, miss: 0 } });
  });

  it('is the hits among the lookups between two samples', () => {
    expect(hitRatio(parseLookups(metrics(100, 20)), parseLookups(metrics(195, 25)), 'response')).toBe(0.95);
    expect(hitRatio(parseLookups(metrics(100, 20)), parseLookups(metrics(100, 20)), 'entity')).toBeNaN();
  });
});
