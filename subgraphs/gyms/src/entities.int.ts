import { afterAll, beforeAll, expect, it } from 'vitest';
import { type GymsUnderTest, startGymsUnderTest } from './test-service';

let t: GymsUnderTest;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await startGymsUnderTest('entities');
  const system = await t.build.gradeSystem(t.tokens.admin, { name: 'Test V', grades: ['V0', 'V1'] });
  ids['system'] = system.id;
  ids['grade'] = system.grades[1]!.id;
  const gym = await t.build.gym(t.tokens.admin, { name: 'Alpha Boulders', city: 'Berlin', country: 'Germany', latitude: 52.52, longitude: 13.405, gradeSystemId: system.id });
  ids['gym'] = gym.id;
  ids['route'] = (await t.build.route(t.tokens.admin, { gymId: gym.id, gradeId: ids['grade'], colour: 'red', name: 'Arete' })).id;
  // The router resolves climbs on stripped routes at archived gyms: both must still resolve.
  await t.build.stripRoute(t.tokens.admin, ids['route']);
  await t.build.archiveGym(t.tokens.admin, gym.id);
});

afterAll(() => t?.stop());

it('resolves every entity by key through _entities, unknown or malformed keys as null', async () => {
  const unknown = '7d7a2c9e-0000-4000-8000-000000000000';
  const response = await t.gql(
    `query ($representations: [_Any!]!) {
      _entities(representations: $representations) {
        __typename
        ... on GradeSystem { name grades { value } }
        ... on Grade { value system { name } }
        ... on Gym { slug name archivedAt gradeSystem { name } }
        ... on Route { routeName: name strippedAt gym { slug } grade { value } }
      }
    }`,
    {
      representations: [
        { __typename: 'GradeSystem', id: ids['system'] },
        { __typename: 'Grade', id: ids['grade'] },
        { __typename: 'Gym', id: ids['gym'] },
        { __typename: 'Gym', slug: 'alpha-boulders' },
        { __typename: 'Route', id: ids['route'] },
        { __typename: 'GradeSystem', id: unknown },
        { __typename: 'Grade', id: unknown },
        { __typename: 'Gym', id: unknown },
        { __typename: 'Gym', slug: 'no-such-gym' },
        { __typename: 'Route', id: unknown },
        { __typename: 'Gym', id: 'not-a-uuid' },
        { __typename: 'Route', id: 42 },
      ],
    },
  );
  const gym = { __typename: 'Gym', slug: 'alpha-boulders', name: 'Alpha Boulders', archivedAt: expect.any(String), gradeSystem: { name: 'Test V' } };
  expect(response).toEqual({
    status: 200,
    data: {
      _entities: [
        { __typename: 'GradeSystem', name: 'Test V', grades: [{ value: 'V0' }, { value: 'V1' }] },
        { __typename: 'Grade', value: 'V1', system: { name: 'Test V' } },
        gym,
        gym,
        { __typename: 'Route', routeName: 'Arete', strippedAt: expect.any(String), gym: { slug: 'alpha-boulders' }, grade: { value: 'V1' } },
        ...Array(7).fill(null),
      ],
    },
  });
});

it('batches references: a list of routes costs the same statements as one', async () => {
  const representations = (n: number) => Array.from({ length: n }, () => ({ __typename: 'Route', id: ids['route'] }));
  const query = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Route { gym { name } grade { value } } } }`;
  t.resetStatements();
  await t.gql(query, { r: representations(1) });
  const one = t.statements.length;
  t.resetStatements();
  await t.gql(query, { r: representations(20) });
  expect(t.statements.length).toBe(one);
});
