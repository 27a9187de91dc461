import { Redis } from 'ioredis';
import { builders, gqlAt } from '@clmb/testkit';
import type { Supergraph } from './supergraph';

/** A counter from the router's /metrics (Prometheus text), e.g. `clmb_router_cache_lookups_total{cache="entity",result="hit"}`. */
export async function metric(baseUrl: string, series: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

export const entityHits = 'clmb_router_cache_lookups_total{cache="entity",result="hit"}';
export const responseHits = 'clmb_router_cache_lookups_total{cache="response",result="hit"}';

/** An access token for an account of the users seed: `admin@clmb.dev` (ADMIN) or `climber@clmb.dev`. */
export const tokenOf = async (url: string, email: string): Promise<string> => (await builders(gqlAt(url)).logIn(email)).accessToken;

/** A grade system, a gym `slug` graded in it and one (yellow) route there, created by an ADMIN. */
export async function seedGym(sg: Supergraph, admin: string, slug: string) {
  const { gymId, routeIds } = await sg.build.gymWithRoutes(admin, { slug, routeCount: 1 });
  return { gymId, routeId: routeIds[0]! };
}

/** Deletes a test's keys (its generation counter has no TTL) from the shared Redis. */
export async function dropKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(keys);
  redis.disconnect();
}
