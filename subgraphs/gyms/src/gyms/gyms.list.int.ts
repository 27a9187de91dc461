import { dataOf, type GradeSystem, testDatabaseUrl } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GymsUnderTest, startGymsUnderTest } from '../test-service';

let t: GymsUnderTest;
let v: GradeSystem;

beforeAll(async () => {
  t = await startGymsUnderTest('gyms_list');
  v = await t.build.gradeSystem(t.tokens.admin, { name: 'Test V', grades: ['V0', 'V1', 'V2'] });
  const gym = (name: string, city: string, country: string, latitude: number, longitude: number, address?: string) =>
    t.build.gym(t.tokens.admin, { name, city, country, latitude, longitude, gradeSystemId: v.id, ...(address && { address }) });
  await gym('Alpha Boulders', 'Berlin', 'Germany', 52.52, 13.405);
  await gym('Beta Walls', 'Paris', 'France', 48.8566, 2.3522, '7 Rue 100% Bloc');
  await gym('Gamma Climbing', 'Sheffield', 'United Kingdom', 53.3811, -1.4701);
  await gym('Epsilon Heights', 'Potsdam', 'Germany', 52.3906, 13.0645);
  await t.build.archiveGym(t.tokens.admin, (await gym('Delta Rocks', 'Berlin', 'Germany', 52.5, 13.4)).id);
});

afterAll(() => t?.stop());

const names = (data: Record<string, any>) => data['gyms'].edges.map((e: { node: { name: string } }) => e.node.name);
const page = (variables: Record<string, unknown>) =>
  t.gql(
    `query ($first: Int, $after: String, $filter: GymFilter) {
      gyms(first: $first, after: $after, filter: $filter) {
        totalCount edges { cursor node { name } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      }
    }`,
    variables,
  );

describe('gyms', () => {
  it('pages through open gyms by name with keyset cursors', async () => {
    const first = dataOf(await page({ first: 2 }))['gyms'];
    expect(first.edges.map((e: any) => e.node.name)).toEqual(['Alpha Boulders', 'Beta Walls']);
    expect(first.totalCount).toBe(4);
    expect(first.pageInfo).toEqual({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: first.edges[0].cursor,
      endCursor: first.edges[1].cursor,
    });
    const second = dataOf(await page({ first: 2, after: first.pageInfo.endCursor }))['gyms'];
    expect(second.edges.map((e: any) => e.node.name)).toEqual(['Epsilon Heights', 'Gamma Climbing']);
    expect(second.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(second.totalCount).toBe(4);
    const empty = dataOf(await page({ first: 0 }))['gyms'];
    expect(empty).toEqual({
      totalCount: 4,
      edges: [],
      pageInfo: { hasNextPage: true, hasPreviousPage: false, startCursor: null, endCursor: null },
    });
  });

  it('filters by search, city, country and distance, all conditions together', async () => {
    const cases: [Record<string, unknown>, string[]][] = [
      [{ search: 'WALL' }, ['Beta Walls']],
      [{ search: 'sheff' }, ['Gamma Climbing']],
      [{ search: '100%' }, ['Beta Walls']],
      [{ search: '%' }, ['Beta Walls']],
      [{ search: '_' }, []],
      [{ city: 'berlin' }, ['Alpha Boulders']],
      [{ country: 'GERMANY' }, ['Alpha Boulders', 'Epsilon Heights']],
      [{ near: { latitude: 52.52, longitude: 13.405, radiusKm: 50 } }, ['Alpha Boulders', 'Epsilon Heights']],
      [{ near: { latitude: 52.52, longitude: 13.405, radiusKm: 10 } }, ['Alpha Boulders']],
      // Berlin to Paris is about 878 km along the great circle.
      [{ near: { latitude: 52.52, longitude: 13.405, radiusKm: 870 } }, ['Alpha Boulders', 'Epsilon Heights']],
      [{ near: { latitude: 52.52, longitude: 13.405, radiusKm: 890 } }, ['Alpha Boulders', 'Beta Walls', 'Epsilon Heights']],
      [{ country: 'germany', near: { latitude: 48.85, longitude: 2.35, radiusKm: 5 } }, []],
    ];
    for (const [filter, expected] of cases) {
      const data = dataOf(await page({ filter }));
      expect({ filter, names: names(data), total: data['gyms'].totalCount }).toEqual({ filter, names: expected, total: expected.length });
    }
  });

  it('rejects bad page sizes, cursors and filters as BAD_USER_INPUT naming the argument', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ first: 101 }, 'first'],
      [{ first: -1 }, 'first'],
      [{ after: 'not-a-cursor' }, 'after'],
      [{ after: Buffer.from('["x", "not-a-uuid"]').toString('base64url') }, 'after'],
      [{ filter: { near: { latitude: 91, longitude: 0, radiusKm: 1 } } }, 'filter.near.latitude'],
      [{ filter: { near: { latitude: 0, longitude: 0, radiusKm: 0 } } }, 'filter.near.radiusKm'],
      [{ filter: { search: 'x'.repeat(101) } }, 'filter.search'],
    ];
    for (const [variables, field] of cases) {
      const response = await page(variables);
      expect(response.errors?.map((e) => e.extensions)).toMatchObject([{ code: 'BAD_USER_INPUT', field }]);
    }
  });

  it('counts only when totalCount is selected', async () => {
    t.resetStatements();
    dataOf(await t.gql(`{ gyms { edges { node { id } } } }`));
    expect(t.statements.length).toBe(1);
    t.resetStatements();
    dataOf(await t.gql(`{ gyms { totalCount } }`));
    expect(t.statements.length).toBe(2);
  });

  it('runs the same number of SQL statements however many gyms, walls, routes and grades a page holds', async () => {
    const font = await t.build.gradeSystem(t.tokens.admin, { name: 'Test Font', grades: ['6A', '6B', '6C'] });
    const query = `query ($font: ID!, $from: ID!) { gyms(first: 50) { edges { node {
      updatedAt gradeSystem { name discipline updatedAt grades { value scale updatedAt equivalent(systemId: $font) { value } } }
      walls { name updatedAt routes { name } }
      routes { updatedAt wall { name } grade { value equivalent(systemId: $font) { value } } }
      hard: routes(includeStripped: true, filter: { gradeFrom: $from, colour: "green" }) { name grade { value } }
    } } } }`;
    const variables = { font: font.id, from: font.grades[1]!.id };
    const alpha = dataOf(await t.gql(`{ gymBySlug(slug: "alpha-boulders") { id } }`))['gymBySlug'];
    const wall = async (gymId: string, name: string) =>
      dataOf(await t.gql(`mutation ($input: CreateWallInput!) { createWall(input: $input) { id } }`, { input: { gymId, name } }, t.tokens.admin))['createWall'].id;
    await t.build.route(t.tokens.admin, { gymId: alpha.id, gradeId: v.grades[0]!.id, colour: 'red', wallId: await wall(alpha.id, 'Cave') });
    // One gym per system from the start, so growing adds rows, not a system loaded in a later round.
    await t.build.gym(t.tokens.admin, { name: 'Eta Bloc', city: 'Leeds', gradeSystemId: font.id });
    t.resetStatements();
    dataOf(await t.gql(query, variables));
    const before = [...t.statements];

    for (let g = 0; g < 6; g++) {
      const system = g % 2 ? font : v;
      const gym = await t.build.gym(t.tokens.admin, { name: `Zeta ${g}`, city: 'Leeds', country: 'United Kingdom', latitude: 53.8, longitude: -1.55, gradeSystemId: system.id });
      const wallIds = [await wall(gym.id, 'Slab'), await wall(gym.id, 'Roof')];
      for (let r = 0; r < 3; r++)
        await t.build.route(t.tokens.admin, { gymId: gym.id, gradeId: system.grades[r]!.id, colour: 'green', wallId: wallIds[r % 2]! });
    }
    t.resetStatements();
    const data = dataOf(await t.gql(query, variables));
    expect(data['gyms'].edges).toHaveLength(11);
    expect(data['gyms'].edges.flatMap((e: any) => e.node.hard.map((r: any) => r.grade.value)).sort()).toEqual(
      ['6B', '6B', '6B', '6C', '6C', '6C', 'V1', 'V1', 'V1', 'V2', 'V2', 'V2'],
    );
    // The same statements, whatever the number of keys: gyms, gradeSystemById, wallsByGymId,
    // gradeById, disciplineGradesBySystemId (the filter's bounds in every system),
    // routesByGymId (plain and filtered), gradesBySystemId, wallById, routesByWallId.
    const shapes = (statements: string[]) => statements.map((statement) => statement.replace(/\$\d+(, \$\d+)*/g, '$…'));
    expect(new Set(shapes(t.statements))).toEqual(new Set(shapes(before)));
    expect(new Set(shapes(before)).size).toBe(10);
    // PGlite answers on one connection, in order: exactly the same statements, one per shape.
    if (!testDatabaseUrl()) expect([t.statements.length, before.length]).toEqual([10, 10]);
    // On Postgres a loader's keys may come in a few turns of the event loop (their parents answered
    // on different connections), so a shape may be sent more than once: never once per gym or more.
    const sent = new Map<string, number>();
    for (const shape of shapes(t.statements)) sent.set(shape, (sent.get(shape) ?? 0) + 1);
    for (const [shape, times] of sent) expect(times, shape).toBeLessThan(data['gyms'].edges.length);
  });
});
