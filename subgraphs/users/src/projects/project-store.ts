import { mapPgErrors } from '@clmb/common';
import type { ProjectRow } from '@clmb/drizzle/users';
import { and, asc, eq, gt, gte, inArray, isNull, lt, lte, sql } from 'drizzle-orm';
import { schema, type UsersDb } from '../db';
import { type Allowed, seen } from '../privacy/narrowing-store';

const { projects, climbs, sessions, users } = schema;

type NewProject = Pick<typeof projects.$inferInsert, 'userId' | 'routeId' | 'note' | 'position' | 'createdAt'>;
export type ProjectPatch = Partial<Pick<typeof projects.$inferInsert, 'note' | 'position'>>;

/** What a climber's logbook holds on a route: tries, the sessions they were in, the first send. */
export interface ProjectProgressRow {
  routeId: string;
  attempts: number;
  sessions: number;
  /** The time of the earliest climb logged as sent; null without one. */
  sentAt: Date | null;
}

/** A route's projects not sent yet. */
interface ActiveCountRow {
  routeId: string;
  count: number;
}

export async function findProjectsByIds(db: UsersDb, ids: readonly string[]): Promise<ProjectRow[]> {
  return await db.select().from(projects).where(inArray(projects.id, [...ids]));
}

/** Every project of these users, each user's in their order. */
export async function findProjectsOfUsers(db: UsersDb, userIds: readonly string[]): Promise<ProjectRow[]> {
  return await db
    .select()
    .from(projects)
    .where(inArray(projects.userId, [...userIds]))
    .orderBy(asc(projects.userId), asc(projects.position), asc(projects.id));
}

/** One user's projects on these routes. */
export async function findProjectsOfUserOnRoutes(db: UsersDb, userId: string, routeIds: readonly string[]): Promise<ProjectRow[]> {
  return await db
    .select()
    .from(projects)
    .where(and(eq(projects.userId, userId), inArray(projects.routeId, [...routeIds])));
}

/** How many projects not sent yet each route has, in one aggregate; routes without any have no row. */
export async function activeProjectCounts(db: UsersDb, routeIds: readonly string[]): Promise<ActiveCountRow[]> {
  return await db
    .select({ routeId: projects.routeId, count: sql<number>`count(*)::int` })
    .from(projects)
    .where(and(inArray(projects.routeId, [...routeIds]), isNull(projects.sentAt)))
    .groupBy(projects.routeId);
}

/** The projects not sent yet on these routes, whoever's: their climbers are told the route is coming down. */
export async function findActiveProjectsOnRoutes(db: UsersDb, routeIds: readonly string[]): Promise<Pick<ProjectRow, 'userId' | 'routeId'>[]> {
  return await db
    .select({ userId: projects.userId, routeId: projects.routeId })
    .from(projects)
    .where(and(inArray(projects.routeId, [...routeIds]), isNull(projects.sentAt)));
}

/**
 * One user's tries, sessions and first send on these routes, from the climbs `allowed` lets the
 * viewer see, in one aggregate; routes with none have no row.
 */
export async function projectProgress(db: UsersDb, userId: string, routeIds: readonly string[], allowed: Allowed): Promise<ProjectProgressRow[]> {
  return await db
    .select({
      routeId: climbs.routeId,
      attempts: sql<number>`sum(${climbs.attempts})::int`,
      sessions: sql<number>`count(distinct ${climbs.sessionId})::int`,
      sentAt: sql<Date | null>`min(${climbs.createdAt}) filter (where ${climbs.sent})`.mapWith(climbs.createdAt),
    })
    .from(climbs)
    .innerJoin(sessions, eq(sessions.id, climbs.sessionId))
    .where(and(eq(sessions.userId, userId), inArray(climbs.routeId, [...routeIds]), seen(sessions.visibility, allowed), seen(climbs.visibility, allowed)))
    .groupBy(climbs.routeId);
}

/**
 * Locks the user's row for the rest of the transaction (no key update: their sessions and
 * ratings may still be written): two writers of one user's projects go one after the other.
 * False when the user is gone.
 */
export async function lockUser(tx: UsersDb, userId: string): Promise<boolean> {
  const [locked] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('no key update');
  return locked !== undefined;
}

/** `lockUser`, then counts the user's projects. Null when the user is gone. */
export async function lockUserProjects(tx: UsersDb, userId: string): Promise<number | null> {
  if (!(await lockUser(tx, userId))) return null;
  const [row] = await tx.select({ count: sql<number>`count(*)::int` }).from(projects).where(eq(projects.userId, userId));
  return row?.count ?? 0;
}

const constraintFields = { project_user_id_route_id_key: 'input.routeId', project_position_positive: 'input.position' };

/** One statement for any number of projects (a climber has at most a few hundred). */
export function insertProjects(db: UsersDb, rows: readonly NewProject[]): Promise<ProjectRow[]> {
  if (rows.length === 0) return Promise.resolve([]);
  return mapPgErrors(async () => await db.insert(projects).values([...rows]).returning(), constraintFields);
}

/** `patch` must change something: drizzle refuses an UPDATE without a SET. */
export function updateProject(db: UsersDb, id: string, patch: ProjectPatch): Promise<ProjectRow | null> {
  return mapPgErrors(async () => {
    const [row] = await db.update(projects).set(patch).where(eq(projects.id, id)).returning();
    return row ?? null;
  }, constraintFields);
}

/**
 * Makes room for a project moving from place `from` to place `to` of its user's order: the
 * projects in between move one place towards `from`. The moved project itself is written after.
 */
export async function shiftBetween(db: UsersDb, userId: string, from: number, to: number): Promise<void> {
  if (to < from) {
    await db
      .update(projects)
      .set({ position: sql`${projects.position} + 1` })
      .where(and(eq(projects.userId, userId), gte(projects.position, to), lt(projects.position, from)));
  } else if (to > from) {
    await db
      .update(projects)
      .set({ position: sql`${projects.position} - 1` })
      .where(and(eq(projects.userId, userId), gt(projects.position, from), lte(projects.position, to)));
  }
}

/** Deletes the project and closes the gap it leaves in its user's order; the deleted row, or null. */
export async function deleteProject(db: UsersDb, id: string): Promise<ProjectRow | null> {
  const [row] = await db.delete(projects).where(eq(projects.id, id)).returning();
  if (!row) return null;
  await db
    .update(projects)
    .set({ position: sql`${projects.position} - 1` })
    .where(and(eq(projects.userId, row.userId), gt(projects.position, row.position)));
  return row;
}

/**
 * Sets `sent_at` of the user's projects on these routes to the time of their earliest climb
 * logged as sent on the route (null without one), from the logbook as it is now, in one
 * statement. Returns the projects it looked at.
 */
export async function refreshSentAt(db: UsersDb, userId: string, routeIds: readonly string[]): Promise<ProjectRow[]> {
  if (routeIds.length === 0) return [];
  const firstSend = db
    .select({ at: sql`min(${climbs.createdAt})` })
    .from(climbs)
    .innerJoin(sessions, eq(sessions.id, climbs.sessionId))
    .where(and(eq(sessions.userId, userId), eq(climbs.routeId, projects.routeId), eq(climbs.sent, true)));
  return await db
    .update(projects)
    .set({ sentAt: sql`(${firstSend})` })
    .where(and(eq(projects.userId, userId), inArray(projects.routeId, [...routeIds])))
    .returning();
}
