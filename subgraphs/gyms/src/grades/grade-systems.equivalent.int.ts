import { dataOf, type GradeSystem } from '@clmb/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoGradeSystems } from './seed-grade-systems';
import { type GymsUnderTest, startGymsUnderTest } from '../test-service';

let t: GymsUnderTest;
const systems: Record<string, GradeSystem> = {};

beforeAll(async () => {
  t = await startGymsUnderTest('grade_equivalents');
  for (const { name, discipline, grades } of demoGradeSystems)
    systems[name] = await t.build.gradeSystem(t.tokens.admin, {
      name,
      discipline,
      grades: grades.map(([value]) => value),
      scales: grades.map(([, scale]) => scale),
    });
});
afterAll(() => t?.stop());

const EQUIVALENTS = /* GraphQL */ `
  query ($id: ID!, $to: ID!) {
    gradeSystem(id: $id) { discipline grades { value scale equivalent(systemId: $to) { value system { name } } } }
  }
`;
const equivalents = async (from: string, to: string) => {
  const data = dataOf(await t.gql(EQUIVALENTS, { id: systems[from]!.id, to: systems[to]!.id }));
  return Object.fromEntries(
    data['gradeSystem'].grades.map((g: { value: string; equivalent: { value: string } | null }) => [g.value, g.equivalent?.value ?? null]),
  );
};

it('converts every grade to the nearest grade of another system of its discipline, and back', async () => {
  const font = await equivalents('V-scale', 'Font');
  expect([font['V0'], font['V3'], font['V4'], font['V8'], font['V17']]).toEqual(['4', '6A', '6B', '7B', '9A']);
  const v = await equivalents('Font', 'V-scale');
  for (const [grade, equivalent] of Object.entries(font)) expect({ grade, back: v[equivalent!] }).toEqual({ grade, back: grade });
  const french = await equivalents('YDS', 'French');
  expect([french['5.10a'], french['5.11d'], french['5.14d']]).toEqual(['6a', '7a', '9a']);
  expect((await equivalents('UIAA', 'YDS'))['VIII+']).toBe('5.11d');
});

it('is the grade itself in its own system, null across disciplines or for an unknown system', async () => {
  const own = await equivalents('YDS', 'YDS');
  expect(Object.entries(own).every(([grade, equivalent]) => grade === equivalent)).toBe(true);
  expect(Object.values(await equivalents('V-scale', 'French')).every((e) => e === null)).toBe(true);
  const unknown = await t.gql(EQUIVALENTS, { id: systems['Font']!.id, to: '00000000-0000-4000-8000-00000000abcd' });
  expect(dataOf(unknown)['gradeSystem'].grades[0].equivalent).toBeNull();
  const malformed = await t.gql(EQUIVALENTS, { id: systems['Font']!.id, to: 'font' });
  expect(malformed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'systemId' });
});

it('costs the same statements for every system and grade: no query per grade', async () => {
  const query = `query ($to: ID!) { gradeSystems { grades { equivalent(systemId: $to) { value } } } }`;
  t.resetStatements();
  dataOf(await t.gql(query, { to: systems['Font']!.id }));
  // gradeSystems, gradesBySystemId (every system's grades, the target's among them)
  expect(t.statements.length).toBe(2);
});
