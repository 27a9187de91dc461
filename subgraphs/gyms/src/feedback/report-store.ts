import { and, asc, count, eq, gt, inArray, isNotNull, isNull, lte, min, type SQL, sql } from 'drizzle-orm';
import type { RouteReportReason, RouteReportRow } from '@clmb/drizzle/gyms';
import { advisoryXactLock, keysetPages, mapPgErrors } from '@clmb/common';
import { schema, type GymsDb } from '../db';

const { routeReports } = schema;

type NewReport = typeof routeReports.$inferInsert;

const constraintFields = {
  route_report_open_key: 'input.reason',
  route_report_route_id_route_id_fk: 'input.routeId',
};

export async function findReportsByIds(db: GymsDb, ids: readonly string[]): Promise<RouteReportRow[]> {
  return await db.select().from(routeReports).where(inArray(routeReports.id, [...ids]));
}

/** How many open reports each route has; routes without any are left out. */
export async function countOpenByRouteIds(db: GymsDb, routeIds: readonly string[]): Promise<{ routeId: string; count: number }[]> {
  return await db
    .select({ routeId: routeReports.routeId, count: count() })
    .from(routeReports)
    .where(and(inArray(routeReports.routeId, [...routeIds]), isNull(routeReports.resolvedAt)))
    .groupBy(routeReports.routeId);
}

/** The reporter's open report of the route for the reason, if any. */
export async function findOpenReport(db: GymsDb, routeId: string, reporterId: string, reason: RouteReportReason): Promise<RouteReportRow | null> {
  const [row] = await db
    .select()
    .from(routeReports)
    .where(and(eq(routeReports.routeId, routeId), eq(routeReports.reporterId, reporterId), eq(routeReports.reason, reason), isNull(routeReports.resolvedAt)));
  return row ?? null;
}

/** Serialises one reporter's reports until the transaction ends, so counting and writing are one step. */
export async function lockReporter(tx: GymsDb, reporterId: string): Promise<void> {
  await advisoryXactLock(tx, 'route-report', reporterId);
}

/** A reporter's reports, as a rate limit counts them. */
export const REPORTS_WRITTEN = { owner: routeReports.reporterId, time: routeReports.createdAt };

export async function insertReport(tx: GymsDb, values: NewReport): Promise<RouteReportRow> {
  const [row] = await mapPgErrors(() => tx.insert(routeReports).values(values).returning(), constraintFields);
  if (!row) throw new Error('insert into route_report returned no row');
  return row;
}

/** null when the report is not open (or does not exist). */
export async function resolveReport(db: GymsDb, id: string, resolvedBy: string, resolution: string | null): Promise<RouteReportRow | null> {
  const [row] = await db
    .update(routeReports)
    .set({ resolvedAt: sql`now()`, resolvedBy, resolution })
    .where(and(eq(routeReports.id, id), isNull(routeReports.resolvedAt)))
    .returning();
  return row ?? null;
}

/** A position in a gym's reports oldest first. */
export interface QueuePosition {
  time: Date;
  id: string;
}

/**
 * Pages of several gyms' reports, open or resolved, oldest first, at most `limit` a gym after
 * `after`, in one statement (row_number() per gym over the (gym, created_at, id) index).
 */
export async function findQueuesOfGyms(db: GymsDb, gymIds: readonly string[], resolved: boolean, limit: number, after: QueuePosition | null): Promise<RouteReportRow[]> {
  // Postgres keeps microseconds, a cursor's time milliseconds: rows are ordered and compared at
  // the cursor's precision, so the row a page ended on is never listed again.
  const time = sql`date_trunc('milliseconds', ${routeReports.createdAt})`;
  const position: SQL | undefined = after ? sql`(${time}, ${routeReports.id}) > (${after.time.toISOString()}::timestamptz, ${after.id}::uuid)` : undefined;
  const ranked = db
    .select({
      id: routeReports.id,
      place: sql<number>`row_number() over (partition by ${routeReports.gymId} order by ${time}, ${routeReports.id})`.as('place'),
    })
    .from(routeReports)
    .where(and(inArray(routeReports.gymId, [...gymIds]), resolved ? isNotNull(routeReports.resolvedAt) : isNull(routeReports.resolvedAt), position))
    .as('ranked');
  return await db
    .select()
    .from(routeReports)
    .where(inArray(routeReports.id, db.select({ id: ranked.id }).from(ranked).where(lte(ranked.place, limit))))
    .orderBy(asc(routeReports.gymId), time, asc(routeReports.id));
}

/** Pages of reporters' own reports, newest first (common's keyset pages). */
export const findReportPagesOfReporters = keysetPages(
  routeReports,
  { parent: routeReports.reporterId, time: routeReports.createdAt, id: routeReports.id },
  'route_reports_by_reporter_ids',
);
