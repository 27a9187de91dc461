import { dataOf, errorCodes } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GymsUnderTest, startGymsUnderTest } from '../test-service';

const UNKNOWN = '7d7a2c9e-0000-4000-8000-000000000000';
let t: GymsUnderTest;
let systemId: string;
let strippedRouteId: string;

beforeAll(async () => {
  t = await startGymsUnderTest('grade_systems_lookup');
  const { admin } = t.tokens;
  const v = await t.build.gradeSystem(admin, { name: 'Test V', grades: ['V0', 'V1', 'V2', 'V3'] });
  await t.build.gradeSystem(admin, { name: 'Test French', grades: ['5a', '6a', '7a'] });
  systemId = v.id;
  const alpha = await t.build.gym(admin, { name: 'Alpha Boulders', city: 'Berlin', country: 'Germany', latitude: 52.52, longitude: 13.405, gradeSystemId: v.id });
  const gone = await t.build.route(admin, { gymId: alpha.id, gradeId: v.grades[1]!.id, colour: 'red', name: 'Gone', setAt: '2026-02-01T10:00:00.000Z' });
  strippedRouteId = gone.id;
  await t.build.stripRoute(admin, gone.id, '2026-04-01T10:00:00.000Z');
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
      { system: systemId, route: strippedRouteId, unknown: UNKNOWN },
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
