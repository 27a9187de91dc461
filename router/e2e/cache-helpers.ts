import { Redis } from 'ioredis';
import { expect } from 'vitest';
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
export async function tokenOf(url: string, email: string): Promise<string> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: `mutation { logIn(input: { email: "${email}", password: "clmb-demo" }) { accessToken } }` }),
  });
  const body = (await res.json()) as { data: { logIn: { accessToken: string } } };
  return body.data.logIn.accessToken;
}

/** A grade system, a gym `slug` graded in it and one route there, created by an ADMIN. */
export async function seedGym(sg: Supergraph, admin: string, slug: string) {
  const mutate = async (query: string, input: Record<string, unknown>) => {
    const res = await sg.request(query, { input }, admin);
    expect(res.errors).toBeUndefined();
    return res.data!;
  };
  const system = await mutate(/* GraphQL */ `mutation($input: CreateGradeSystemInput!) { createGradeSystem(input: $input) { id grades { id } } }`, {
    name: `Font ${slug}`,
    grades: [{ value: '6a', difficultyOrder: 1 }],
  });
  const { id: gradeSystemId, grades } = system['createGradeSystem'];
  const gym = await mutate(/* GraphQL */ `mutation($input: CreateGymInput!) { createGym(input: $input) { id } }`, {
    name: `Gym ${slug}`,
    slug,
    address: '2 Sloper Lane',
    city: 'Leeds',
    country: 'United Kingdom',
    latitude: 53.8,
    longitude: -1.55,
    gradeSystemId,
  });
  const gymId = gym['createGym'].id as string;
  const route = await mutate(/* GraphQL */ `mutation($input: CreateRouteInput!) { createRoute(input: $input) { id } }`, {
    gymId,
    gradeId: grades[0].id,
    colour: 'green',
  });
  return { gymId, routeId: route['createRoute'].id as string };
}

/** Deletes a test's keys (its generation counter has no TTL) from the shared Redis. */
export async function dropKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(keys);
  redis.disconnect();
}
