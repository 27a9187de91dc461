import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, generateSigningKeys, graphql, type TestDatabase } from '@clmb/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from './config';
import { startService } from './service';

let database: TestDatabase;
let env: Record<string, string>;
let pgliteDir: string | undefined;

beforeAll(async () => {
  database = await createTestDatabase('gyms_seed');
  // A restart must find the first start's data: PGlite in a directory rather than in memory.
  if (database.kind === 'pglite') pgliteDir = await mkdtemp(join(tmpdir(), 'clmb-gyms-seed-'));
  const { JWT_PUBLIC_KEY } = await generateSigningKeys();
  env = { ...database.env, ...(pgliteDir && { PGLITE_DIR: pgliteDir }), JWT_PUBLIC_KEY, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', SEED_DEMO_DATA: 'true' };
});

afterAll(async () => {
  await database?.drop();
  if (pgliteDir) await rm(pgliteDir, { recursive: true, force: true });
});

const QUERY = /* GraphQL */ `
  {
    gradeSystems { id name grades { value difficultyOrder } }
    gyms(first: 100) { totalCount edges { node { id slug city country gradeSystem { name } routes(includeStripped: true) { strippedAt grade { system { name } } } } } }
  }
`;

async function startAndRead() {
  const service = await startService(loadConfig(env));
  try {
    const response = await graphql(`${service.url}/graphql`, QUERY);
    expect(response.errors).toBeUndefined();
    return response.data!;
  } finally {
    await service.stop();
  }
}

it('seeds the four grade systems and gyms with routes, once', async () => {
  const first = await startAndRead();
  const systems = first['gradeSystems'] as { name: string; grades: { value: string; difficultyOrder: number }[] }[];
  expect(systems.map((s) => [s.name, s.grades.length, s.grades[0]!.value, s.grades.at(-1)!.value])).toEqual([
    ['Font', 24, '3', '9A'],
    ['French', 29, '4a', '9c'],
    ['V-scale', 19, 'VB', 'V17'],
    ['YDS', 29, '5.5', '5.15d'],
  ]);
  for (const system of systems) {
    const orders = system.grades.map((g) => g.difficultyOrder);
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
  }
  expect(systems.find((s) => s.name === 'YDS')!.grades.map((g) => g.value).slice(3, 7)).toEqual(['5.8', '5.9', '5.10a', '5.10b']);

  const gyms = first['gyms'].edges.map((e: { node: any }) => e.node);
  expect(first['gyms'].totalCount).toBe(5);
  expect(gyms.map((g: any) => `${g.city}, ${g.country}`).sort()).toEqual([
    'Berlin, Germany',
    'Boulder, United States',
    'Fontainebleau, France',
    'Paris, France',
    'Sheffield, United Kingdom',
  ]);
  for (const gym of gyms) {
    expect(gym.routes.length).toBeGreaterThanOrEqual(6);
    expect(gym.routes.length).toBeLessThanOrEqual(10);
    expect(gym.routes.filter((r: any) => r.strippedAt).length).toBeGreaterThanOrEqual(1);
    expect(new Set(gym.routes.map((r: any) => r.grade.system.name))).toEqual(new Set([gym.gradeSystem.name]));
  }

  // A second start finds the tables filled and leaves them alone: same rows, same ids.
  expect(await startAndRead()).toEqual(first);
});
