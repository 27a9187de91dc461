import { type Auth, dataOf, type GymWithRoutes } from '@clmb/testkit';
import { HEADER } from './logbook-files';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSupergraph, type Supergraph } from './supergraph';

// Issue 17, "Lists have a maximum page size that the SDL states": the bounds a client meets
// through the router. (Routes per gym and wall, devices and progression: the services' int tests.)
const CREATE_WALL = /* GraphQL */ `mutation CreateWall($input: CreateWallInput!) { createWall(input: $input) { id } }`;
const CREATE_GRADE_SYSTEM = /* GraphQL */ `mutation CreateGradeSystem($input: CreateGradeSystemInput!) { createGradeSystem(input: $input) { id } }`;
const IMPORT = /* GraphQL */ `mutation Import($input: ImportLogbookInput!) { importLogbook(input: $input) { errorCount errors { row } } }`;

const refusal = (response: { errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }) =>
  response.errors?.map((e) => ({ code: e.extensions?.['code'], field: e.extensions?.['field'], message: e.message }));

describe('bounded lists, through the router', () => {
  let sg: Supergraph;
  let admin: Auth;
  let gym: GymWithRoutes;
  const slug = 'bounded-lists';

  beforeAll(async () => {
    sg = await startSupergraph();
    admin = await sg.build.logIn('admin@clmb.dev');
    gym = await sg.build.gymWithRoutes(admin.accessToken, { slug, routeCount: 1 });
  }, 120_000);
  afterAll(() => sg?.stop());

  it('refuses a 51st wall at a gym: Gym.walls holds at most 50', async () => {
    for (let i = 0; i < 50; i++) dataOf(await sg.request(CREATE_WALL, { input: { gymId: gym.gymId, name: `Sector ${i}` } }, admin.accessToken));
    expect(refusal(await sg.request(CREATE_WALL, { input: { gymId: gym.gymId, name: 'Sector 50' } }, admin.accessToken))).toEqual([
      { code: 'BAD_USER_INPUT', field: 'input.gymId', message: 'input.gymId: the gym already has 50 walls, the most a gym has' },
    ]);
  });

  it('refuses a 21st grade system and one of 51 grades', async () => {
    const grades = (n: number) => Array.from({ length: n }, (_, i) => ({ value: `g${i}`, difficultyOrder: i, scale: 100 + i * 10 }));
    const create = (name: string, n: number) => sg.request(CREATE_GRADE_SYSTEM, { input: { name, discipline: 'BOULDER', grades: grades(n) } }, admin.accessToken);
    expect(refusal(await create('Too fine', 51))?.map((e) => [e.code, e.field])).toEqual([['BAD_USER_INPUT', 'input.grades']]);
    const { gradeSystems } = dataOf(await sg.request(/* GraphQL */ `query GradeSystems { gradeSystems { id } }`));
    for (let i = gradeSystems.length; i < 20; i++) dataOf(await create(`System ${i}`, 1));
    expect(refusal(await create('One more', 1))).toEqual([
      { code: 'BAD_USER_INPUT', field: 'input', message: 'input: there are already 20 grade systems, the most the service holds' },
    ]);
  });

  it('lists the first 500 rows an import refuses and counts them all', async () => {
    const climber = await sg.build.user();
    const rows = Array.from({ length: 501 }, () => `${slug},,2026-06-01T10:00:00.000Z,,,,,${gym.routeIds[0]},1,maybe,,,2026-06-01T10:05:00.000Z`);
    const content = [HEADER, ...rows].join('\r\n');
    const { importLogbook } = dataOf(await sg.request(IMPORT, { input: { format: 'CSV', content, dryRun: true } }, climber.accessToken));
    expect([importLogbook.errorCount, importLogbook.errors.length, importLogbook.errors.at(-1).row]).toEqual([501, 500, 501]);
  });
});
