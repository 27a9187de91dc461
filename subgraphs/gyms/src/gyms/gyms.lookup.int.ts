import { dataOf, maskIds } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GymsUnderTest, startGymsUnderTest } from '../test-service';

let t: GymsUnderTest;
const ids: Record<string, string> = {};
const UNKNOWN = '7d7a2c9e-0000-4000-8000-000000000000';

beforeAll(async () => {
  t = await startGymsUnderTest('gyms_lookup');
  const v = await t.build.gradeSystem(t.tokens.admin, { name: 'Test V', grades: ['V0', 'V1', 'V2', 'V3'] });
  const gyms = {
    alpha: { name: 'Alpha Boulders', city: 'Berlin', country: 'Germany', latitude: 52.52, longitude: 13.405, gradeSystemId: v.id },
    delta: { name: 'Delta Rocks', city: 'Berlin', country: 'Germany', latitude: 52.5, longitude: 13.4, gradeSystemId: v.id },
  };
  for (const [key, spec] of Object.entries(gyms)) ids[key] = (await t.build.gym(t.tokens.admin, spec)).id;
  await t.build.archiveGym(t.tokens.admin, ids['delta']!);
  const route = (name: string, grade: number, setAt: string) =>
    t.build.route(t.tokens.admin, { gymId: ids['alpha']!, gradeId: v.grades[grade]!.id, colour: 'red', name, setAt });
  await route('Old', 0, '2026-01-01T10:00:00.000Z');
  await route('New', 2, '2026-03-01T10:00:00.000Z');
  await t.build.stripRoute(t.tokens.admin, (await route('Gone', 1, '2026-02-01T10:00:00.000Z')).id, '2026-04-01T10:00:00.000Z');
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
    expect(maskIds(byId, { dates: true })).toEqual({
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
    expect(maskIds(response, { dates: true })).toEqual({
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
