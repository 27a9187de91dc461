import { asc, eq, inArray } from 'drizzle-orm';
import type { ClimbRow } from '@clmb/drizzle/users';
import { anyOf, mapPgErrors, preparedPerDatabase } from '@clmb/common';
import { schema, type UsersDb } from './db';

const { climbs } = schema;

export type NewClimb = typeof climbs.$inferInsert;
export type ClimbPatch = Partial<Pick<NewClimb, 'attempts' | 'sent' | 'style' | 'notes'>>;

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

// A session deleted between the ownership check and the insert fails the foreign key.
const constraintFields = { climb_attempts_positive: 'input.attempts' };

export function insertClimb(db: UsersDb, climb: NewClimb): Promise<ClimbRow> {
  return mapPgErrors(async () => {
    const [row] = await db.insert(climbs).values(climb).returning();
    if (!row) throw new Error('insert into users.climb returned no row');
    return row;
  }, constraintFields, 'input.sessionId');
}

/** `patch` must change something: drizzle refuses an UPDATE without a SET. */
export function updateClimb(db: UsersDb, id: string, patch: ClimbPatch): Promise<ClimbRow | null> {
  return mapPgErrors(async () => {
    const [row] = await db.update(climbs).set(patch).where(eq(climbs.id, id)).returning();
    return row ?? null;
  }, constraintFields, 'input.sessionId');
}

export async function deleteClimb(db: UsersDb, id: string): Promise<boolean> {
  const deleted = await db.delete(climbs).where(eq(climbs.id, id)).returning({ id: climbs.id });
  return deleted.length > 0;
}
