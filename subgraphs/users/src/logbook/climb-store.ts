import { anyOf, mapPgErrors, preparedPerDatabase } from '@clmb/common';
import type { ClimbRow, Discipline } from '@clmb/drizzle/users';
import { and, asc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import { schema, type UsersDb } from '../db';

const { climbs, sessions } = schema;

type NewClimb = typeof climbs.$inferInsert;
export type ClimbPatch = Partial<Pick<NewClimb, 'attempts' | 'sent' | 'style' | 'notes' | 'visibility'>>;

export async function findClimbsByIds(db: UsersDb, ids: readonly string[]): Promise<ClimbRow[]> {
  return await db.select().from(climbs).where(inArray(climbs.id, [...ids]));
}

/** The climbs of these sessions, each session's in the order they were logged. */
const climbsBySessionIds = preparedPerDatabase((db: UsersDb) =>
  db
    .select()
    .from(climbs)
    .where(anyOf(climbs.sessionId, 'sessionIds'))
    .orderBy(asc(climbs.sessionId), asc(climbs.createdAt), asc(climbs.id))
    .prepare('climbs_by_session_ids'),
);

export async function findClimbsBySessionIds(db: UsersDb, sessionIds: readonly string[]): Promise<ClimbRow[]> {
  return await climbsBySessionIds(db).execute({ sessionIds });
}

/**
 * Locks the session's row for the rest of the transaction: two writers to one session (logClimb,
 * deleteSession) go one after the other. False when the session is gone.
 */
export async function lockSession(tx: UsersDb, sessionId: string): Promise<boolean> {
  const [locked] = await tx.select({ id: sessions.id }).from(sessions).where(eq(sessions.id, sessionId)).for('update');
  return locked !== undefined;
}

/** `lockSession`, then counts its climbs: two writers to one session count one after the other. Null when the session is gone. */
export async function lockSessionClimbCount(tx: UsersDb, sessionId: string): Promise<number | null> {
  if (!(await lockSession(tx, sessionId))) return null;
  const [row] = await tx.select({ count: sql<number>`count(*)::int` }).from(climbs).where(eq(climbs.sessionId, sessionId));
  return row?.count ?? 0;
}

// A session deleted between the ownership check and the insert fails the foreign key.
const constraintFields = { climb_attempts_positive: 'input.attempts' };

// Postgres takes at most 65,535 parameters per statement: 1,000 climbs of 11 columns stay well below.
const CLIMBS_PER_INSERT = 1000;

/** Multi-row inserts, one statement per 1,000 climbs (logClimb writes one, an import a session's). */
export function insertClimbs(db: UsersDb, rows: readonly NewClimb[]): Promise<ClimbRow[]> {
  return mapPgErrors(async () => {
    const inserted: ClimbRow[] = [];
    for (let i = 0; i < rows.length; i += CLIMBS_PER_INSERT) {
      inserted.push(...(await db.insert(climbs).values(rows.slice(i, i + CLIMBS_PER_INSERT)).returning()));
    }
    return inserted;
  }, constraintFields, 'input.sessionId');
}

/** `patch` must change something: drizzle refuses an UPDATE without a SET. */
export function updateClimb(db: UsersDb, id: string, patch: ClimbPatch): Promise<ClimbRow | null> {
  return mapPgErrors(async () => {
    const [row] = await db.update(climbs).set(patch).where(eq(climbs.id, id)).returning();
    return row ?? null;
  }, constraintFields, 'input.sessionId');
}

/** The routes a session has climbs on, sent or not. */
export async function findClimbedRouteIds(db: UsersDb, sessionId: string): Promise<string[]> {
  const rows = await db.selectDistinct({ routeId: climbs.routeId }).from(climbs).where(eq(climbs.sessionId, sessionId));
  return rows.map((row) => row.routeId);
}

/**
 * The deleted climb's route and whether it was a send, as it was when deleted (after any write
 * to it that the delete waited for), or null when there was no such climb.
 */
export async function deleteClimb(db: UsersDb, id: string): Promise<Pick<ClimbRow, 'routeId' | 'sent'> | null> {
  const [deleted] = await db.delete(climbs).where(eq(climbs.id, id)).returning({ routeId: climbs.routeId, sent: climbs.sent });
  return deleted ?? null;
}

/** The next routes (after `afterRouteId`, in id order) with climbs whose grade was never frozen. */
export async function findRoutesPendingGrade(db: UsersDb, afterRouteId: string | null, limit: number): Promise<string[]> {
  const rows = await db
    .selectDistinct({ routeId: climbs.routeId })
    .from(climbs)
    .where(and(isNull(climbs.gradeId), afterRouteId ? gt(climbs.routeId, afterRouteId) : undefined))
    .orderBy(asc(climbs.routeId))
    .limit(limit);
  return rows.map((row) => row.routeId);
}

export interface RouteGrade {
  routeId: string;
  gradeId: string;
  gradeScale: number;
  discipline: Discipline;
  gymId: string;
}

/**
 * Freezes the grade of every climb of these routes that has none yet, in one statement. Only
 * climbs still without a grade change, so running it twice, or on two replicas at once, is
 * harmless. Returns how many climbs it filled.
 */
export async function fillClimbGrades(db: UsersDb, grades: readonly RouteGrade[]): Promise<number> {
  if (grades.length === 0) return 0;
  const values = sql.join(
    grades.map((g) => sql`(${g.routeId}::uuid, ${g.gradeId}::uuid, ${g.gradeScale}::int, ${g.discipline}::users.discipline, ${g.gymId}::uuid)`),
    sql`, `,
  );
  const filled = await db
    .update(climbs)
    .set({
      gradeId: sql`v.grade_id`,
      gradeScale: sql`v.grade_scale`,
      discipline: sql`v.discipline`,
      gymId: sql`coalesce(${climbs.gymId}, v.gym_id)`,
    })
    .from(sql`(values ${values}) as v(route_id, grade_id, grade_scale, discipline, gym_id)`)
    .where(and(sql`${climbs.routeId} = v.route_id`, isNull(climbs.gradeId)))
    .returning({ id: climbs.id });
  return filled.length;
}
