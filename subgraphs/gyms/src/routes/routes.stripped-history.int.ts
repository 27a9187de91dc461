import { dataOf, type GradeSystem, rowsRead } from '@clmb/testkit';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { schema } from '../db';
import { MAX_ROUTES_PER_GYM, MAX_ROUTES_PER_WALL } from './route-store';
import { type RoutesInProcess, startRoutesInProcess } from './test-routes';

let t: RoutesInProcess;
let v: GradeSystem;
beforeAll(async () => {
  t = await startRoutesInProcess('gyms_routes_stripped_history');
  v = await t.build.gradeSystem('admin', { name: 'Test V', grades: ['V0', 'V1', 'V2'] });
});
afterAll(() => t?.stop());

const HOUR = 3_600_000;
const STANDING = 20;
const STRIPPED = 2_000;

/** A gym with one wall, 20 routes on it and 2,000 stripped from it over the years, one an hour. */
async function gymWithHistory(): Promise<{ gymId: string; wallId: string; standing: string[]; stripped: string[] }> {
  const gymId = (await t.build.gym('admin', { name: 'Old Gym', gradeSystemId: v.id })).id;
  const [wall] = await t.db.insert(schema.walls).values({ gymId, name: 'Cave' }).returning();
  const now = Date.now();
  const route = (i: number, strippedAt: Date | null) => ({
    gymId,
    wallId: wall!.id,
    gradeId: v.grades[i % v.grades.length]!.id,
    colour: 'red',
    setAt: new Date(now - (i + 1) * HOUR - 30 * 24 * HOUR),
    strippedAt,
  });
  const standing = await t.db
    .insert(schema.routes)
    .values(Array.from({ length: STANDING }, (_, i) => route(i, null)))
    .returning({ id: schema.routes.id });
  // Newest stripped first: stripped[i] came down i hours ago.
  const stripped = await t.db
    .insert(schema.routes)
    .values(Array.from({ length: STRIPPED }, (_, i) => route(STANDING + i, new Date(now - (i + 1) * HOUR))))
    .returning({ id: schema.routes.id });
  // As autovacuum would after such a load: the planner then knows the gym's routes are many.
  await t.db.execute(sql`analyze gyms.route`);
  return { gymId, wallId: wall!.id, standing: standing.map((r) => r.id), stripped: stripped.map((r) => r.id) };
}

/** The routes a gym's (a wall's) `routes(includeStripped: true)` lists, and the rows of gyms.route its statement read (EXPLAIN ANALYZE). */
async function listing(owner: 'gym' | 'wall', id: string): Promise<{ ids: Set<string>; routeRowsRead: number }> {
  t.resetStatements();
  const data = dataOf(await t.gql(`query ($id: ID!) { ${owner}(id: $id) { routes(includeStripped: true) { id } } }`, { id }));
  const statement = t.sent.find(({ query }) => /from "gyms"\."route"/.test(query) && query.includes('"stripped_at"'));
  if (!statement) throw new Error('no statement listed routes');
  const ids = new Set<string>(data[owner].routes.map((route: { id: string }) => route.id));
  return { ids, routeRowsRead: await rowsRead((query) => t.db.execute(query), statement, 'route') };
}

it("lists a gym's routes with the stripped ones by reading a listing's worth of them, not the gym's whole history", async () => {
  const { gymId, wallId, standing, stripped } = await gymWithHistory();

  // On the wall first, then the most recently stripped, up to the bound, each read from a listing's
  // worth of rows however many routes the gym stripped before.
  const gym = await listing('gym', gymId);
  expect(gym.ids).toEqual(new Set([...standing, ...stripped.slice(0, MAX_ROUTES_PER_GYM - STANDING)]));
  expect(gym.routeRowsRead).toBeLessThanOrEqual(MAX_ROUTES_PER_GYM);

  const wall = await listing('wall', wallId);
  expect(wall.ids).toEqual(new Set([...standing, ...stripped.slice(0, MAX_ROUTES_PER_WALL - STANDING)]));
  expect(wall.routeRowsRead).toBeLessThanOrEqual(MAX_ROUTES_PER_WALL);
});
