import { dataOf, maskIds } from '@clmb/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type GymsUnderTest, startGymsUnderTest } from './test-service';

let t: GymsUnderTest;
beforeAll(async () => {
  t = await startGymsUnderTest('grade_systems');
});
afterAll(() => t?.stop());

const create = (input: Record<string, unknown>) =>
  t.gql(
    `mutation ($input: CreateGradeSystemInput!) { createGradeSystem(input: $input) { id name description grades { id value difficultyOrder } } }`,
    { input },
    t.tokens.admin,
  );
const grades = (...values: string[]) => values.map((value, i) => ({ value, difficultyOrder: (i + 1) * 10 }));

it('creates a grade system with its grades, easiest first whatever the input order', async () => {
  const response = await create({ name: 'Ewbank', description: 'Australian grades.', grades: grades('17', '18', '19').reverse() });
  expect(maskIds(response)).toEqual({
    status: 200,
    data: {
      createGradeSystem: {
        id: '<uuid>',
        name: 'Ewbank',
        description: 'Australian grades.',
        grades: [
          { id: '<uuid>', value: '17', difficultyOrder: 10 },
          { id: '<uuid>', value: '18', difficultyOrder: 20 },
          { id: '<uuid>', value: '19', difficultyOrder: 30 },
        ],
      },
    },
  });
});

it('rejects duplicates and bad grades naming the field, and writes nothing', async () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ name: 'EWBANK', grades: grades('1') }, 'input.name'],
    [{ name: 'Dupes', grades: grades('1', '2', '1') }, 'input.grades.2.value'],
    [{ name: 'Dupes', grades: [{ value: '1', difficultyOrder: 5 }, { value: '2', difficultyOrder: 5 }] }, 'input.grades.1.difficultyOrder'],
    [{ name: 'Empty', grades: [] }, 'input.grades'],
    [{ name: 'Blank', grades: grades('1', ' ') }, 'input.grades.1.value'],
    [{ name: 'Long', grades: grades('x'.repeat(33)) }, 'input.grades.0.value'],
    [{ name: 'Negative', grades: [{ value: '1', difficultyOrder: -1 }] }, 'input.grades.0.difficultyOrder'],
    [{ name: 'x'.repeat(65), grades: grades('1') }, 'input.name'],
  ];
  for (const [input, field] of cases) {
    const response = await create(input);
    expect({ input: input['name'], errors: response.errors?.map((e) => e.extensions) }).toMatchObject({
      input: input['name'],
      errors: [{ code: 'BAD_USER_INPUT', field }],
    });
  }
  const data = dataOf(await t.gql(`{ gradeSystems { name grades { value } } }`));
  expect(data['gradeSystems']).toEqual([{ name: 'Ewbank', grades: [{ value: '17' }, { value: '18' }, { value: '19' }] }]);
});
