import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { UserRow } from '@clmb/drizzle/users';
import { schema, type UsersDb } from '../db';

const { users } = schema;

// The SQL of administration: roles and disabling (admin.ts holds the rules).

/** The ids of the active (not disabled) ADMINs, their rows locked until the caller's transaction ends. */
export async function lockActiveAdmins(db: UsersDb): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'ADMIN'), isNull(users.disabledAt)))
    .for('update');
  return rows.map((row) => row.id);
}

export async function setRole(db: UsersDb, userId: string, role: UserRow['role']): Promise<UserRow | null> {
  const [row] = await db.update(users).set({ role }).where(eq(users.id, userId)).returning();
  return row ?? null;
}

export async function setDisabled(db: UsersDb, userId: string, disabled: boolean): Promise<UserRow | null> {
  const [row] = await db
    .update(users)
    .set({ disabledAt: disabled ? sql`now()` : null })
    .where(eq(users.id, userId))
    .returning();
  return row ?? null;
}

/** Up to `limit` accounts still stored with the retired global SETTER role, by id. */
export async function findLegacySetters(db: UsersDb, limit: number): Promise<string[]> {
  const rows = await db.select({ id: users.id }).from(users).where(eq(users.role, 'SETTER')).orderBy(asc(users.id)).limit(limit);
  return rows.map((row) => row.id);
}

/** These accounts, where still SETTER, become CLIMBER; answers how many did. */
export async function demoteLegacySetters(db: UsersDb, userIds: readonly string[]): Promise<number> {
  const rows = await db
    .update(users)
    .set({ role: 'CLIMBER' })
    .where(and(inArray(users.id, [...userIds]), eq(users.role, 'SETTER')))
    .returning({ id: users.id });
  return rows.length;
}
