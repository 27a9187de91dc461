import { dataOf, type GradeSystem } from '@clmb/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoGradeSystems } from '../grades/seed-grade-systems';
import { type GymsUnderTest, startGymsUnderTest } from '../test-service';

let t: GymsUnderTest;
const systems: Record<string, GradeSystem> = {};
let gymId: string;
const walls: Record<string, string> = {};
const UNKNOWN = '7d7a2c9e-0000-4000-8000-000000000000';
const grade = (system: string, value: string) => systems[system]!.grades.find((g) => g.value === value)!.id;
const DAY = 86_400_000;

beforeAll(async () => {
  t = await startGymsUnderTest('routes_filter');
  for (const { name, discipline, grades } of demoGradeSystems.filter((s) => s.name !== 'French'))
    systems[name] = await t.build.gradeSystem(t.tokens.admin, { name, discipline, grades: grades.map(([v]) => v), scales: grades.map(([, s]) => s) });
  gymId = (await t.build.gym(t.tokens.admin, { name: 'Alpha Boulders', gradeSystemId: systems['V-scale']!.id })).id;
  for (const name of ['Cave', 'Slab']) {
    const response = await t.gql(`mutation ($input: CreateWallInput!) { createWall(input: $input) { id } }`, { input: { gymId, name } }, t.tokens.admin);
    walls[name] = dataOf(response)['createWall'].id;
  }
  // [name, grade, colour, wall, days ago]
  const routes: [string, string, string, string, number][] = [
    ['One', 'V1', 'yellow', 'Cave', 30],
    ['Three', 'V3', 'Red', 'Slab', 20],
    ['Four', 'V4', 'red', 'Cave', 10],
    ['Five', 'V5', 'blue', 'Slab', 5],
    ['Eight', 'V8', 'black', 'Cave', 1],
  ];
  for (const [name, value, colour, wall, days] of routes)
    await t.build.route(t.tokens.admin, { gymId, name, colour, gradeId: grade('V-scale', value), wallId: walls[wall]!, setAt: new Date(Date.now() - days * DAY).toISOString() });
  const stripped = await t.build.route(t.tokens.admin, { gymId, name: 'Gone', colour: 'red', gradeId: grade('V-scale', 'V4'), wallId: walls['Cave']! });
  await t.build.stripRoute(t.tokens.admin, stripped.id);
});
afterAll(() => t?.stop());

const ROUTES = `query ($id: ID!, $filter: RouteFilter, $all: Boolean) { gym(id: $id) { routes(filter: $filter, includeStripped: $all) { name } } }`;
const names = async (filter: Record<string, unknown> | null, all = false) => {
  const response = await t.gql(ROUTES, { id: gymId, filter, all });
  return dataOf(response)['gym'].routes.map((r: { name: string }) => r.name);
};

it('narrows a gym’s routes by wall, colour, set time and grade, all conditions together', async () => {
  const cases: [Record<string, unknown> | null, string[]][] = [
    [null, ['Eight', 'Five', 'Four', 'Three', 'One']],
    [{ wallId: walls['Cave'] }, ['Eight', 'Four', 'One']],
    [{ colour: ' RED ' }, ['Four', 'Three']],
    [{ setSince: new Date(Date.now() - 12 * DAY).toISOString() }, ['Eight', 'Five', 'Four']],
    [{ gradeFrom: grade('V-scale', 'V3'), gradeTo: grade('V-scale', 'V5') }, ['Five', 'Four', 'Three']],
    [{ wallId: walls['Cave'], colour: 'red', gradeFrom: grade('V-scale', 'V4') }, ['Four']],
  ];
  for (const [filter, expected] of cases) expect({ filter, names: await names(filter) }).toEqual({ filter, names: expected });
  expect(await names({ wallId: walls['Cave'], colour: 'red' }, true)).toEqual(['Gone', 'Four']);
});

it('takes grade bounds of another system of the discipline through their equivalent in the gym’s system', async () => {
  // Font 6B+ and 6B are both V4; 6A+ is V3.
  expect(await names({ gradeFrom: grade('Font', '6B+') })).toEqual(['Eight', 'Five', 'Four']);
  expect(await names({ gradeTo: grade('Font', '6A+') })).toEqual(['Three', 'One']);
  expect(await names({ gradeFrom: grade('Font', '6B'), gradeTo: grade('Font', '6B+') })).toEqual(['Four']);
  expect(await names({ gradeFrom: grade('Font', '8A') })).toEqual([]);
});

it('answers a bad filter with BAD_USER_INPUT naming the condition', async () => {
  const other = await t.build.gym(t.tokens.admin, { name: 'Beta', gradeSystemId: systems['V-scale']!.id });
  const foreignWall = dataOf(await t.gql(`mutation { createWall(input: { gymId: "${other.id}", name: "Far" }) { id } }`, {}, t.tokens.admin))['createWall'].id;
  expect(await names({ wallId: foreignWall })).toEqual([]);
  const cases: [Record<string, unknown>, string][] = [
    [{ gradeFrom: grade('YDS', '5.10a') }, 'filter.gradeFrom'],
    [{ gradeTo: grade('UIAA', 'VII') }, 'filter.gradeTo'],
    [{ gradeFrom: UNKNOWN }, 'filter.gradeFrom'],
    [{ gradeTo: 'V4' }, 'filter.gradeTo'],
    [{ gradeFrom: grade('V-scale', 'V5'), gradeTo: grade('Font', '6A') }, 'filter.gradeTo'],
    [{ wallId: UNKNOWN }, 'filter.wallId'],
    [{ wallId: 'cave' }, 'filter.wallId'],
    [{ colour: 'x'.repeat(33) }, 'filter.colour'],
    [{ setSince: '1900-01-01T00:00:00Z' }, 'filter.setSince'],
  ];
  for (const [filter, field] of cases) {
    const response = await t.gql(ROUTES, { id: gymId, filter });
    expect({ filter, errors: response.errors?.map((e) => e.extensions) }).toMatchObject({ filter, errors: [{ code: 'BAD_USER_INPUT', field }] });
  }
});
