import { createLogger } from '@clmb/common';
import { dataOf, startTcpProxy, type TcpProxy } from '@clmb/testkit';
import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startClimbGradeBackfill } from './climb-grade-backfill';
import { schema, type UsersDb } from '../db';
import { createGymsClient } from '../gyms-client/gyms-client';
import { openTestDatabase, startUsersWithGyms, type UsersWithGyms } from '../test-service';

const logger = createLogger('users', 'silent');

let services: UsersWithGyms;
let database: { db: UsersDb; close(): Promise<void> };
let proxy: TcpProxy;
let routeGrade: { id: string; scale: number };
const unknownRoute = crypto.randomUUID();

beforeAll(async () => {
  services = await startUsersWithGyms('users_backfill');
  database = await openTestDatabase('users_backfill_db');
  const { fixtures } = services.gyms;
  const route = dataOf(await services.gyms.gql(`query($id: ID!) { route(id: $id) { grade { id scale } } }`, { id: fixtures.routeId }));
  routeGrade = route.route.grade;
  // Climbs as they were before climbs froze their grade: no grade, and one on a route gyms never had.
  const { db } = database;
  const [user] = await db.insert(schema.users).values({ email: 'old@example.com', username: 'old' }).returning();
  const [session] = await db.insert(schema.sessions).values({ userId: user!.id, gymId: fixtures.gymId }).returning();
  const climb = (routeId: string) => ({ sessionId: session!.id, routeId, attempts: 1, sent: true, gymId: fixtures.gymId });
  await db.insert(schema.climbs).values([climb(fixtures.routeId), climb(fixtures.otherGymRouteId), climb(fixtures.routeId), climb(unknownRoute)]);
  proxy = await startTcpProxy('127.0.0.1', Number(new URL(services.gyms.url).port));
}, 180_000);
afterAll(async () => {
  await proxy?.close();
  await database?.close();
  await services?.stop();
});

const grades = async () =>
  (await database.db.select().from(schema.climbs).orderBy(asc(schema.climbs.createdAt), asc(schema.climbs.id))).map((climb) => ({
    routeId: climb.routeId,
    gradeId: climb.gradeId,
    gradeScale: climb.gradeScale,
    discipline: climb.discipline,
  }));

it('waits while gyms is down, then fills every climb whose route gyms knows, once', async () => {
  const gyms = createGymsClient(`http://127.0.0.1:${proxy.port}/graphql`, logger);
  await proxy.cut();
  // One route per batch: the climbs of a route are filled together, whatever the batch size.
  const backfill = startClimbGradeBackfill(database.db, gyms, logger, { batchSize: 1, retryMs: 50 });
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect((await grades()).every((climb) => climb.gradeId === null)).toBe(true);
  await proxy.restore();
  expect(await backfill.done).toEqual({ climbs: 3, unknownRoutes: 1 });

  const { routeId, otherGymRouteId } = services.gyms.fixtures;
  const filled = { gradeId: routeGrade.id, gradeScale: routeGrade.scale, discipline: 'BOULDER' };
  expect(await grades()).toEqual(
    expect.arrayContaining([
      { routeId, ...filled },
      { routeId: otherGymRouteId, ...filled },
      { routeId: unknownRoute, gradeId: null, gradeScale: null, discipline: null },
    ]),
  );
  // A second pass (a restart, another replica) finds nothing more to fill.
  expect(await startClimbGradeBackfill(database.db, gyms, logger).done).toEqual({ climbs: 0, unknownRoutes: 1 });
});
