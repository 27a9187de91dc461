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

/** A gym with one wall, 20 routes on it and 2,000 stripped from it, one an hour before now. */
async function gymWithHistory(name: string): Promise<{ gymId: string; wallId: string; standing: string[]; stripped: string[] }> {
  const gymId = (await t.build.gym('admin', { name, gradeSystemId: v.id })).id;
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
  // Newest stripped first: stripped[i] came down i + 1 hours ago.
  const stripped = await t.db
    .insert(schema.routes)
    .values(Array.from({ length: STRIPPED }, (_, i) => route(STANDING + i, new Date(now - (i + 1) * HOUR))))
    .returning({ id: schema.routes.id });
  // As autovacuum would after such a load: the planner then knows the gym's routes are many.
  await t.db.execute(sql`analyze gyms.route`);
  return { gymId, wallId: wall!.id, standing: standing.map((r) => r.id), stripped: stripped.map((r) => r.id) };
}

/**
 * The routes each of `owners` lists (a gym's or a wall's `routes`, with its stripped ones where
 * asked), in one operation, and the rows of gyms.route its statements listing routes read
 * (EXPLAIN ANALYZE).
 */
async function listing(owners: { type: 'gym' | 'wall'; id: string; includeStripped: boolean }[]): Promise<{ ids: Set<string>[]; routeRowsRead: number }> {
  t.resetStatements();
  const fields = owners.map(({ type, id, includeStripped }, i) => `o${i}: ${type}(id: "${id}") { routes(includeStripped: ${includeStripped}) { id } }`);
  const data = dataOf(await t.gql(`{ ${fields.join(' ')} }`));
  const statements = t.sent.filter(({ query }) => /from "gyms"\."route"/.test(query) && query.includes('"stripped_at"'));
  if (!statements.length) throw new Error('no statement listed routes');
  let routeRowsRead = 0;
  for (const statement of statements) routeRowsRead += await rowsRead(t.db, statement, 'route');
  const ids = owners.map((_, i) => new Set<string>(data[`o${i}`].routes.map((route: { id: string }) => route.id)));
  return { ids, routeRowsRead };
}

it("lists a gym's routes with the stripped ones by reading a listing's worth of them, not the gym's whole history", async () => {
  const old = await gymWithHistory('Old Gym');
  const other = await gymWithHistory('Other Old Gym');

  // On the wall first, then the most recently stripped, up to the bound, each read from a listing's
  // worth of rows however many routes the gym stripped before.
  const gym = await listing([{ type: 'gym', id: old.gymId, includeStripped: true }]);
  expect(gym.ids[0]).toEqual(new Set([...old.standing, ...old.stripped.slice(0, MAX_ROUTES_PER_GYM - STANDING)]));
  expect(gym.routeRowsRead).toBeLessThanOrEqual(MAX_ROUTES_PER_GYM);

  const wall = await listing([{ type: 'wall', id: old.wallId, includeStripped: true }]);
  expect(wall.ids[0]).toEqual(new Set([...old.standing, ...old.stripped.slice(0, MAX_ROUTES_PER_WALL - STANDING)]));
  expect(wall.routeRowsRead).toBeLessThanOrEqual(MAX_ROUTES_PER_WALL);

  // In one batch with a gym listed with its stripped routes, one listed without reads its own on the wall only.
  const both = await listing([
    { type: 'gym', id: old.gymId, includeStripped: true },
    { type: 'gym', id: other.gymId, includeStripped: false },
  ]);
  expect(both.ids[0]).toEqual(gym.ids[0]);
  expect(both.ids[1]).toEqual(new Set(other.standing));
  expect(both.routeRowsRead).toBeLessThanOrEqual(MAX_ROUTES_PER_GYM + STANDING);
});
