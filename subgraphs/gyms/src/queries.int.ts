import { errorCodes } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveGym, createGradeSystem, createGym, createRoute, stripRoute } from './test-fixtures';
import { dataOf, masked, startTestService, type TestService } from './testing';

let t: TestService;
const ids: Record<string, string> = {};
const UNKNOWN = '7d7a2c9e-0000-4000-8000-000000000000';

beforeAll(async () => {
  t = await startTestService('queries');
  const v = await createGradeSystem(t, 'Test V', ['V0', 'V1', 'V2', 'V3']);
  const french = await createGradeSystem(t, 'Test French', ['5a', '6a', '7a']);
  ids['v'] = v.id;
  ids['french'] = french.id;
  ids['v2'] = v.grades[2]!.id;
  const gyms = {
    alpha: { name: 'Alpha Boulders', city: 'Berlin', country: 'Germany', latitude: 52.52, longitude: 13.405, gradeSystemId: v.id },
    beta: { name: 'Beta Walls', city: 'Paris', country: 'France', latitude: 48.8566, longitude: 2.3522, gradeSystemId: french.id },
    gamma: { name: 'Gamma Climbing', city: 'Sheffield', country: 'United Kingdom', latitude: 53.3811, longitude: -1.4701, gradeSystemId: v.id },
    delta: { name: 'Delta Rocks', city: 'Berlin', country: 'Germany', latitude: 52.5, longitude: 13.4, gradeSystemId: v.id },
    epsilon: { name: 'Epsilon Heights', city: 'Potsdam', country: 'Germany', latitude: 52.3906, longitude: 13.0645, gradeSystemId: v.id },
  };
  for (const [key, spec] of Object.entries(gyms)) ids[key] = (await createGym(t, spec)).id;
  await archiveGym(t, ids['delta']!);
  const route = (name: string, grade: number, setAt: string) =>
    createRoute(t, { gymId: ids['alpha']!, gradeId: v.grades[grade]!.id, colour: 'red', name, setAt });
  ids['old'] = (await route('Old', 0, '2026-01-01T10:00:00.000Z')).id;
  ids['new'] = (await route('New', 2, '2026-03-01T10:00:00.000Z')).id;
  ids['gone'] = (await route('Gone', 1, '2026-02-01T10:00:00.000Z')).id;
  await stripRoute(t, ids['gone']!, '2026-04-01T10:00:00.000Z');
  await createRoute(t, { gymId: ids['beta']!, gradeId: french.grades[1]!.id, colour: 'blue' });
});

afterAll(() => t?.stop());

const GYM_FIELDS = /* GraphQL */ `
  id slug name address city country latitude longitude phone email website description archivedAt
  gradeSystem { name }
  routes { name setAt grade { value } }
`;

describe('gym, gymBySlug', () => {
  it('returns a gym by id and by slug, with its grade system and routes on the wall, newest first', async () => {
    const byId = dataOf(await t.gql(`query ($id: ID!) { gym(id: $id) { ${GYM_FIELDS} } }`, { id: ids['alpha'] }));
    expect(masked(byId)).toEqual({
      gym: {
        id: '<uuid>',
        slug: 'alpha-boulders',
        name: 'Alpha Boulders',
        address: '1 Main Street, Berlin',
        city: 'Berlin',
        country: 'Germany',
        latitude: 52.52,
        longitude: 13.405,
        phone: null,
        email: null,
        website: null,
        description: null,
        archivedAt: null,
        gradeSystem: { name: 'Test V' },
        routes: [
          { name: 'New', setAt: '<date>', grade: { value: 'V2' } },
          { name: 'Old', setAt: '<date>', grade: { value: 'V0' } },
        ],
      },
    });
    const bySlug = dataOf(await t.gql(`{ gymBySlug(slug: "alpha-boulders") { ${GYM_FIELDS} } }`));
    expect(bySlug['gymBySlug']).toEqual(byId['gym']);
  });

  it('includes stripped routes when asked', async () => {
    const data = dataOf(
      await t.gql(`query ($id: ID!) { gym(id: $id) { routes(includeStripped: true) { name strippedAt } } }`, { id: ids['alpha'] }),
    );
    expect(data['gym']).toEqual({
      routes: [
        { name: 'New', strippedAt: null },
        { name: 'Gone', strippedAt: '2026-04-01T10:00:00.000Z' },
        { name: 'Old', strippedAt: null },
      ],
    });
  });

  it('still returns an archived gym, and null for unknown ids and slugs', async () => {
    const response = await t.gql(
      `query ($delta: ID!, $unknown: ID!) {
        archived: gym(id: $delta) { name archivedAt }
        unknown: gym(id: $unknown) { id }
        noSlug: gymBySlug(slug: "no-such-gym") { id }
      }`,
      { delta: ids['delta'], unknown: UNKNOWN },
    );
    expect(masked(response)).toEqual({
      status: 200,
      data: { archived: { name: 'Delta Rocks', archivedAt: '<date>' }, unknown: null, noSlug: null },
    });
  });

  it('rejects a malformed id or an oversized slug as BAD_USER_INPUT', async () => {
    const response = await t.gql(`{ gym(id: "nope") { id } gymBySlug(slug: "${'x'.repeat(65)}") { id } }`);
    expect(response.data).toEqual({ gym: null, gymBySlug: null });
    expect(response.errors?.map((e) => [e.path, e.extensions?.['code'], e.extensions?.['field']])).toEqual([
      [['gym'], 'BAD_USER_INPUT', 'id'],
      [['gymBySlug'], 'BAD_USER_INPUT', 'slug'],
    ]);
  });
});

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
