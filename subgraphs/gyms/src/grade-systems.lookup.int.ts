import { errorCodes } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGradeSystem, createGym, createRoute, stripRoute } from './test-fixtures';
import { dataOf, startTestService, type TestService } from './testing';

let t: TestService;
const ids: Record<string, string> = {};
const UNKNOWN = '7d7a2c9e-0000-4000-8000-000000000000';

beforeAll(async () => {
  t = await startTestService('grade_systems_lookup');
  const v = await createGradeSystem(t, 'Test V', ['V0', 'V1', 'V2', 'V3']);
  await createGradeSystem(t, 'Test French', ['5a', '6a', '7a']);
  ids['v'] = v.id;
  const alpha = await createGym(t, { name: 'Alpha Boulders', city: 'Berlin', country: 'Germany', latitude: 52.52, longitude: 13.405, gradeSystemId: v.id });
  ids['gone'] = (await createRoute(t, { gymId: alpha.id, gradeId: v.grades[1]!.id, colour: 'red', name: 'Gone', setAt: '2026-02-01T10:00:00.000Z' })).id;
  await stripRoute(t, ids['gone'], '2026-04-01T10:00:00.000Z');
});

afterAll(() => t?.stop());

describe('gradeSystems, gradeSystem, route', () => {
  it('lists grade systems by name with their grades easiest first', async () => {
    const data = dataOf(await t.gql(`{ gradeSystems { name description grades { value difficultyOrder system { name } } } }`));
    expect(data['gradeSystems'].map((s: { name: string }) => s.name)).toEqual(['Test French', 'Test V']);
    expect(data['gradeSystems'][0]).toEqual({
      name: 'Test French',
      description: null,
      grades: ['5a', '6a', '7a'].map((value, i) => ({ value, difficultyOrder: i, system: { name: 'Test French' } })),
    });
  });

  it('finds a grade system and a route by id, a stripped route too', async () => {
    const response = await t.gql(
      `query ($system: ID!, $route: ID!, $unknown: ID!) {
        gradeSystem(id: $system) { name grades { value } }
        missingSystem: gradeSystem(id: $unknown) { id }
        route(id: $route) { name colour setAt strippedAt gym { name } grade { value } }
        missingRoute: route(id: $unknown) { id }
      }`,
      { system: ids['v'], route: ids['gone'], unknown: UNKNOWN },
    );
    expect(response).toEqual({
      status: 200,
      data: {
        gradeSystem: { name: 'Test V', grades: [{ value: 'V0' }, { value: 'V1' }, { value: 'V2' }, { value: 'V3' }] },
        missingSystem: null,
        route: {
          name: 'Gone',
          colour: 'red',
          setAt: '2026-02-01T10:00:00.000Z',
          strippedAt: '2026-04-01T10:00:00.000Z',
          gym: { name: 'Alpha Boulders' },
          grade: { value: 'V1' },
        },
        missingRoute: null,
      },
    });
    const bad = await t.gql(`{ gradeSystem(id: "1") { id } route(id: "2") { id } }`);
    expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT']);
  });
});
