import { dataOf, maskIds } from '@clmb/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type GymsUnderTest, startGymsUnderTest } from '../test-service';

let t: GymsUnderTest;
beforeAll(async () => {
  t = await startGymsUnderTest('grade_systems');
});
afterAll(() => t?.stop());

const create = (input: Record<string, unknown>) =>
  t.gql(
    `mutation ($input: CreateGradeSystemInput!) {
      createGradeSystem(input: $input) { id name description discipline grades { id value difficultyOrder scale } }
    }`,
    { input: { discipline: 'ROPE', ...input } },
    t.tokens.admin,
  );
const grades = (...values: string[]) => values.map((value, i) => ({ value, difficultyOrder: (i + 1) * 10, scale: 200 + i * 10 }));

it('creates a grade system with its discipline and grades, easiest first whatever the input order', async () => {
  const response = await create({ name: 'Ewbank', description: 'Australian grades.', grades: grades('17', '18', '19').reverse() });
  expect(maskIds(response)).toEqual({
    status: 200,
    data: {
      createGradeSystem: {
        id: '<uuid>',
        name: 'Ewbank',
        description: 'Australian grades.',
        discipline: 'ROPE',
        grades: [
          { id: '<uuid>', value: '17', difficultyOrder: 10, scale: 200 },
          { id: '<uuid>', value: '18', difficultyOrder: 20, scale: 210 },
          { id: '<uuid>', value: '19', difficultyOrder: 30, scale: 220 },
        ],
      },
    },
  });
});

it('rejects duplicates, bad grades and scales naming the field, and writes nothing', async () => {
  const { scale: _scale, ...unscaled } = grades('1')[0]!;
  const cases: [Record<string, unknown>, string][] = [
    [{ name: 'EWBANK', grades: grades('1') }, 'input.name'],
    [{ name: 'Dupes', grades: grades('1', '2', '1') }, 'input.grades.2.value'],
    [{ name: 'Dupes', grades: [{ value: '1', difficultyOrder: 5, scale: 1 }, { value: '2', difficultyOrder: 5, scale: 2 }] }, 'input.grades.1.difficultyOrder'],
    [{ name: 'Empty', grades: [] }, 'input.grades'],
    [{ name: 'Blank', grades: grades('1', ' ') }, 'input.grades.1.value'],
    [{ name: 'Long', grades: grades('x'.repeat(33)) }, 'input.grades.0.value'],
    [{ name: 'Negative', grades: [{ value: '1', difficultyOrder: -1, scale: 1 }] }, 'input.grades.0.difficultyOrder'],
    [{ name: 'x'.repeat(65), grades: grades('1') }, 'input.name'],
    [{ name: 'No discipline', discipline: null, grades: grades('1') }, 'input.discipline'],
    [{ name: 'No scale', grades: [unscaled] }, 'input.grades.0.scale'],
    [{ name: 'Below', grades: [{ value: '1', difficultyOrder: 1, scale: -1 }] }, 'input.grades.0.scale'],
    [{ name: 'Above', grades: [{ value: '1', difficultyOrder: 1, scale: 1001 }] }, 'input.grades.0.scale'],
    // The harder grade (by difficultyOrder) must sit higher on the scale, whatever the input order.
    [{ name: 'Flat', grades: [{ value: 'b', difficultyOrder: 2, scale: 300 }, { value: 'a', difficultyOrder: 1, scale: 300 }] }, 'input.grades.0.scale'],
    [{ name: 'Falling', grades: [{ value: 'a', difficultyOrder: 1, scale: 300 }, { value: 'b', difficultyOrder: 2, scale: 290 }] }, 'input.grades.1.scale'],
  ];
  for (const [input, field] of cases) {
    const response = await create(input);
    expect({ input: input['name'], errors: response.errors?.map((e) => e.extensions) }).toMatchObject({
      input: input['name'],
      errors: [{ code: 'BAD_USER_INPUT', field }],
    });
  }
  const missing = await t.gql(
    `mutation { createGradeSystem(input: { name: "Old client", grades: [{ value: "1", difficultyOrder: 1 }] }) { id } }`,
    {},
    t.tokens.admin,
  );
  expect(missing.errors?.map((e) => e.extensions)).toMatchObject([{ code: 'BAD_USER_INPUT', field: 'input.discipline' }]);
  const data = dataOf(await t.gql(`{ gradeSystems { name grades { value } } }`));
  expect(data['gradeSystems']).toEqual([{ name: 'Ewbank', grades: [{ value: '17' }, { value: '18' }, { value: '19' }] }]);
});

it('holds at most 50 grades a system and 20 systems in all', async () => {
  const many = (n: number) => grades(...Array.from({ length: n }, (_, i) => `g${i}`));
  const tooMany = await create({ name: 'Too fine', grades: many(51) });
  expect(tooMany.errors?.map((e) => e.extensions)).toMatchObject([{ code: 'BAD_USER_INPUT', field: 'input.grades' }]);
  const existing = dataOf(await t.gql(`{ gradeSystems { id } }`))['gradeSystems'].length;
  for (let i = existing; i < 20; i++) dataOf(await create({ name: `System ${i}`, grades: many(i === existing ? 50 : 1) }));
  const full = await create({ name: 'One more', grades: many(1) });
  expect(full.errors?.map((e) => [e.extensions?.['code'], e.extensions?.['field'], e.message])).toEqual([
    ['BAD_USER_INPUT', 'input', 'input: there are already 20 grade systems, the most the service holds'],
  ]);
});
