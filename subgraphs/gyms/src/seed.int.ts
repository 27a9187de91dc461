import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_ACCOUNTS } from '@clmb/common';
import { dataOf, gqlAt, type ServiceUnderTest, startServiceUnderTest, testDatabaseUrl } from '@clmb/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from './config';
import { startService } from './service';

let t: ServiceUnderTest;
/** The environment of the first start, for the restart on the same database. */
let env: Record<string, string>;
let pgliteDir: string | undefined;

beforeAll(async () => {
  // A restart must find the first start's data: PGlite in a directory rather than in memory.
  if (!testDatabaseUrl()) pgliteDir = await mkdtemp(join(tmpdir(), 'clmb-gyms-seed-'));
  const start = (settings: Record<string, string>) => {
    env = settings;
    return startService(loadConfig(settings));
  };
  t = await startServiceUnderTest('gyms_seed', start, { env: { SEED_DEMO_DATA: 'true', ...(pgliteDir && { PGLITE_DIR: pgliteDir }) } });
});

afterAll(async () => {
  await t?.stop();
  if (pgliteDir) await rm(pgliteDir, { recursive: true, force: true });
});

const QUERY = /* GraphQL */ `
  {
    gradeSystems { id name discipline grades { value difficultyOrder scale } }
    gyms(first: 100) { totalCount edges { node { id slug city country gradeSystem { name } walls { name } routes(includeStripped: true) { strippedAt wall { name } grade { system { name } } } } } }
  }
`;

const read = async () => dataOf(await t.gql(QUERY));
/** Stops the service and starts it again on the same database, as a redeploy would. */
async function restartAndRead() {
  await t.service.stop();
  const service = await startService(loadConfig(env));
  try {
    return dataOf(await gqlAt(`${service.url}/graphql`)(QUERY));
  } finally {
    await service.stop();
  }
}

it('seeds the five grade systems and gyms with walls and routes, once', async () => {
  const first = await read();
  const systems = first['gradeSystems'] as { name: string; discipline: string; grades: { value: string; difficultyOrder: number; scale: number }[] }[];
  expect(systems.map((s) => [s.name, s.discipline, s.grades.length, s.grades[0]!.value, s.grades.at(-1)!.value])).toEqual([
    ['Font', 'BOULDER', 24, '3', '9A'],
    ['French', 'ROPE', 29, '4a', '9c'],
    ['UIAA', 'ROPE', 26, 'IV', 'XII+'],
    ['V-scale', 'BOULDER', 19, 'VB', 'V17'],
    ['YDS', 'ROPE', 29, '5.5', '5.15d'],
  ]);
  for (const system of systems) {
    const orders = system.grades.map((g) => g.difficultyOrder);
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
    const scales = system.grades.map((g) => g.scale);
    expect(scales).toEqual([...scales].sort((a, b) => a - b));
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
    expect(gym.walls.length).toBeGreaterThanOrEqual(2);
    const wallNames = gym.walls.map((w: any) => w.name);
    for (const route of gym.routes) expect(wallNames).toContain(route.wall.name);
    expect(new Set(gym.routes.map((r: any) => r.grade.system.name))).toEqual(new Set([gym.gradeSystem.name]));
  }

  // The demo owner and setter (users seeds them with these ids) run every demo gym.
  const staffRoles = async (id: string) =>
    dataOf(await t.gql(`query ($id: ID!) { _entities(representations: [{ __typename: "User", id: $id }]) { ... on User { staffRoles { role } } } }`, { id }, await t.token('CLIMBER', id)))['_entities'][0].staffRoles;
  expect(await staffRoles(DEMO_ACCOUNTS.owner.id)).toEqual(gyms.map(() => ({ role: 'OWNER' })));
  expect(await staffRoles(DEMO_ACCOUNTS.setter.id)).toEqual(gyms.map(() => ({ role: 'SETTER' })));

  // A second start finds the tables filled and leaves them alone: same rows, same ids.
  expect(await restartAndRead()).toEqual(first);
});
