import { and, eq, isNull, sql } from 'drizzle-orm';
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
