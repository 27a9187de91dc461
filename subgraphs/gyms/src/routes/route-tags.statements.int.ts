import { dataOf, type GradeSystem } from '@clmb/testkit';
import type { RouteTag } from '@clmb/drizzle/gyms';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { schema } from '../db';
import { type RoutesInProcess, startRoutesInProcess, viewerOf } from './test-routes';

let t: RoutesInProcess;
let v: GradeSystem;
const DAY = 86_400_000;
const TAGS: RouteTag[] = ['CRIMPY', 'SLAB', 'DYNO', 'JUGS', 'ROOF'];

/** A gym of `count` routes, each tagged by its setter, planned to come down, and voted on by three climbers. */
async function gymOf(name: string, count: number): Promise<string> {
  const gymId = (await t.build.gym('admin', { name, gradeSystemId: v.id })).id;
  const routes = await t.db
    .insert(schema.routes)
    .values(
      Array.from({ length: count }, (_, i) => ({
        gymId,
        gradeId: v.grades[i % v.grades.length]!.id,
        colour: 'red',
        name: `Route ${i}`,
        tags: [TAGS[i % TAGS.length]!],
        plannedStripAt: new Date(Date.now() + (i % 20) * DAY),
      })),
    )
    .returning({ id: schema.routes.id });
  const voters = ['climber-1', 'climber-2', 'climber-3'].map((token) => viewerOf(token)!.id);
  await t.db
    .insert(schema.routeTagVotes)
    .values(routes.flatMap(({ id }, i) => voters.map((userId) => ({ routeId: id, userId, tag: TAGS[(i + 1) % TAGS.length]! }))));
  return gymId;
}

beforeAll(async () => {
  t = await startRoutesInProcess('gyms_route_tags_statements');
  v = await t.build.gradeSystem('admin', { name: 'Test V', grades: ['V0', 'V1', 'V2'] });
});
afterAll(() => t?.stop());

/** The statements one request sends, with its answer. */
async function measure(query: string, variables: Record<string, unknown>, token?: string) {
  t.resetStatements();
  const data = dataOf(await t.gql(query, variables, token));
  return { data, statements: [...t.statements] };
}

it('answers a gym’s routes with their tags, votes and strip plan in the same statements for 10 routes as for 200', async () => {
  const [small, large] = [await gymOf('Ten', 10), await gymOf('Two Hundred', 200)];
  const ROUTES = `query ($id: ID!) { gym(id: $id) { routes { tags tagVotes { tag count } outSoon plannedStripAt } } }`;
  const ten = await measure(ROUTES, { id: small });
  const twoHundred = await measure(ROUTES, { id: large });
  expect(ten.data['gym'].routes).toHaveLength(10);
  expect(twoHundred.data['gym'].routes).toHaveLength(200);
  expect(twoHundred.data['gym'].routes.every((r: { tags: string[] }) => r.tags.length === 2)).toBe(true);
  // The gym, its routes (with their grades), the tallies of their votes.
  expect([ten.statements.length, twoHundred.statements.length]).toEqual([3, 3]);

  // A viewer's own votes add one statement; a tags filter is part of the routes' statement.
  const MINE = `query ($id: ID!) { gym(id: $id) { routes(filter: { tags: [SLAB] }) { tags myTagVotes outSoon } } }`;
  const mineTen = await measure(MINE, { id: small }, 'climber-1');
  const mineTwoHundred = await measure(MINE, { id: large }, 'climber-1');
  expect(mineTwoHundred.data['gym'].routes.length).toBeGreaterThan(mineTen.data['gym'].routes.length);
  expect([mineTen.statements.length, mineTwoHundred.statements.length]).toEqual([4, 4]);
});

it('pages the routes coming down of a page of gyms in the same statements for 2 gyms as for 6', async () => {
  const COMING = `{ gyms(first: 50) { edges { node { routesComingDown(within: 60, first: 100) { edges { node { tags outSoon } } } } } } }`;
  const before = await measure(COMING, {}, 'admin');
  for (let g = 0; g < 4; g++) await gymOf(`More ${g}`, 5);
  const after = await measure(COMING, {}, 'admin');
  expect(after.data['gyms'].edges.length).toBe(before.data['gyms'].edges.length + 4);
  // The gyms page, their routes coming down, the tallies of those routes' votes.
  expect([before.statements.length, after.statements.length]).toEqual([3, 3]);
});
