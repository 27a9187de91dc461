/**
 * Invalidation by what changed (issue 20): while connections read the pages of several gyms
 * through the router, an admin renames a route of another gym once a second. The reads' hit ratio
 * comes from the router's own counter, `clmb_router_cache_lookups_total{cache, result}` on GET
 * /metrics, sampled before and after; afterwards the written gym's page must show the last write.
 */
import { dataFrom } from '@clmb/testkit';
import { GYM_PAGE } from './scenarios';
import { hammer, type HammerOptions, type LoadResult } from './load';

const UPDATE_ROUTE = /* GraphQL */ `mutation Rename($input: UpdateRouteInput!) { updateRoute(input: $input) { id name } }`;

export interface WrittenGym {
  gymId: string;
  routeId: string;
  adminToken: string;
}

type Lookups = Record<'response' | 'entity', { hit: number; miss: number }>;

/** The counter's samples from the Prometheus text format; a series not yet counted is 0. */
export function parseLookups(text: string): Lookups {
  const lookups: Lookups = { response: { hit: 0, miss: 0 }, entity: { hit: 0, miss: 0 } };
  for (const line of text.split('\n')) {
    if (!line.startsWith('clmb_router_cache_lookups_total{')) continue;
    const cache = /cache="(\w+)"/.exec(line)?.[1];
    const result = /result="(\w+)"/.exec(line)?.[1];
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if ((cache === 'response' || cache === 'entity') && (result === 'hit' || result === 'miss')) lookups[cache][result] = value;
  }
  return lookups;
}

async function lookups(metricsUrl: string): Promise<Lookups> {
  return parseLookups(await (await fetch(metricsUrl)).text());
}

/** hits ÷ lookups between two samples; NaN when there were none. */
export const hitRatio = (before: Lookups, after: Lookups, cache: 'response' | 'entity'): number => {
  const hits = after[cache].hit - before[cache].hit;
  const misses = after[cache].miss - before[cache].miss;
  return hits + misses ? hits / (hits + misses) : Number.NaN;
};

/**
 * The reads for `options.seconds` with a write a second; the result's extras: `hitRatio` (the
 * response cache's, the router's answer to a whole read), `entityHitRatio`, `writes`, and
 * `writeShown` (1 when the written gym's page, read once afterwards, shows the last name).
 */
export async function readWhileWriting(url: string, reads: HammerOptions, written: WrittenGym, round: number): Promise<LoadResult> {
  const metricsUrl = new URL('/metrics', url).toString();
  const before = await lookups(metricsUrl);
  let writes = 0;
  let failedWrites = 0;
  let lastName = '';
  const write = async () => {
    lastName = `Bench ${round}.${++writes}`;
    await dataFrom(url, UPDATE_ROUTE, { input: { id: written.routeId, name: lastName } }, written.adminToken).catch(() => failedWrites++);
  };
  const writing: Promise<unknown>[] = [];
  const timer = setInterval(() => writing.push(write()), 1000);
  const result = await hammer(url, reads).finally(() => clearInterval(timer));
  await Promise.all(writing);
  const after = await lookups(metricsUrl);
  const page = await dataFrom(url, GYM_PAGE, { id: written.gymId }).catch(() => undefined);
  const shown = Boolean(lastName && page?.['gym']?.routes.some((route: { name: string | null }) => route.name === lastName));
  return {
    ...result,
    failed: result.failed + failedWrites + (shown ? 0 : 1),
    extra: { hitRatio: hitRatio(before, after, 'response'), entityHitRatio: hitRatio(before, after, 'entity'), writes, writeShown: shown ? 1 : 0 },
  };
}
