import { asc, eq, inArray } from 'drizzle-orm';
import type { ClimbRow } from '@clmb/drizzle/users';
import { mapPgErrors } from '@clmb/common';
import { schema, type UsersDb } from './db';

const { climbs } = schema;

export type NewClimb = typeof climbs.$inferInsert;
export type ClimbPatch = Partial<Pick<NewClimb, 'attempts' | 'sent' | 'style' | 'notes'>>;

export async function findClimbsByIds(db: UsersDb, ids: readonly string[]): Promise<(ClimbRow | null)[]> {
  const rows = await db.select().from(climbs).where(inArray(climbs.id, [...ids]));
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id) ?? null);
}

/** The climbs of each session in the order they were logged; [] for a session without any. */
export async function findClimbsBySessionIds(db: UsersDb, sessionIds: readonly string[]): Promise<ClimbRow[][]> {
  const rows = await db
    .select()
    .from(climbs)
    .where(inArray(climbs.sessionId, [...sessionIds]))
    .orderBy(asc(climbs.sessionId), asc(climbs.createdAt), asc(climbs.id));
  const bySession = new Map<string, ClimbRow[]>(sessionIds.map((id) => [id, []]));
  for (const row of rows) bySession.get(row.sessionId)?.push(row);
  return sessionIds.map((id) => bySession.get(id) ?? []);
}

// A session deleted between the ownership check and the insert fails the foreign key.
const fields = { climb_attempts_positive: 'input.attempts' };

export function insertClimb(db: UsersDb, climb: NewClimb): Promise<ClimbRow> {
  return mapPgErrors(async () => {
    const [row] = await db.insert(climbs).values(climb).returning();
    if (!row) throw new Error('insert into users.climb returned no row');
    return row;
  }, fields, 'input.sessionId');
}

export async function updateClimb(db: UsersDb, id: string, patch: ClimbPatch): Promise<ClimbRow | null> {
  // drizzle refuses an UPDATE without a SET: nothing to change is a read.
  if (Object.keys(patch).length === 0) return (await db.select().from(climbs).where(eq(climbs.id, id)))[0] ?? null;
  return mapPgErrors(async () => {
    const [row] = await db.update(climbs).set(patch).where(eq(climbs.id, id)).returning();
    return row ?? null;
  }, fields, 'input.sessionId');
}

export async function deleteClimb(db: UsersDb, id: string): Promise<boolean> {
  const deleted = await db.delete(climbs).where(eq(climbs.id, id)).returning({ id: climbs.id });
  return deleted.length > 0;
}
