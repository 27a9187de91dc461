import { and, count, eq, inArray, sql } from 'drizzle-orm';
import type { GymStaffRow, StaffRoleValue } from '@clmb/drizzle/gyms';
import { advisoryXactLock, keysetPages, mapPgErrors } from '@clmb/common';
import { schema, type GymsDb } from '../db';

const { gymStaff, gyms } = schema;

/** A member of a gym's staff, as a page lists them: `id` is the user's, for the page's cursor. */
export type StaffMemberRow = GymStaffRow & { id: string };

const constraintFields = {
  gym_staff_pkey: 'input.login',
  gym_staff_gym_id_gym_id_fk: 'input.gymId',
};

const asMember = (row: GymStaffRow): StaffMemberRow => ({ ...row, id: row.userId });

/** The staff rows of these (gym, user) pairs in one statement; a pair with no row has none. */
export async function findStaffByPairs(db: GymsDb, pairs: readonly { gymId: string; userId: string }[]): Promise<GymStaffRow[]> {
  const tuples = sql.join(
    pairs.map((pair) => sql`(${pair.gymId}::uuid, ${pair.userId}::uuid)`),
    sql`, `,
  );
  return await db
    .select()
    .from(gymStaff)
    .where(sql`(${gymStaff.gymId}, ${gymStaff.userId}) in (${tuples})`);
}

/** Where each of these users is staff, in one statement. */
export async function findStaffByUserIds(db: GymsDb, userIds: readonly string[]): Promise<GymStaffRow[]> {
  return await db
    .select()
    .from(gymStaff)
    .where(inArray(gymStaff.userId, [...userIds]))
    .orderBy(gymStaff.userId, gymStaff.createdAt, gymStaff.gymId);
}

const pages = keysetPages(gymStaff, { parent: gymStaff.gymId, time: gymStaff.createdAt, id: gymStaff.userId }, 'gym_staff_first_pages');

/** Pages of several gyms' staff, newest members first, in one statement (see keysetPages). */
export async function findStaffPages(db: GymsDb, gymIds: readonly string[], limit: number, after: { time: Date; id: string } | null) {
  return (await pages(db, gymIds, limit, after)).map(asMember);
}

/** How many members the gym's staff has, and how many of them are owners; in the transaction that locked the gym. */
export async function countStaff(tx: GymsDb, gymId: string): Promise<{ members: number; owners: number }> {
  const [row] = await tx
    .select({ members: count(), owners: sql<number>`count(*) filter (where ${gymStaff.role} = 'OWNER')`.mapWith(Number) })
    .from(gymStaff)
    .where(eq(gymStaff.gymId, gymId));
  return row ?? { members: 0, owners: 0 };
}

/** At how many gyms the user is staff. */
export async function countGymsOfMember(tx: GymsDb, userId: string): Promise<number> {
  const [row] = await tx.select({ count: count() }).from(gymStaff).where(eq(gymStaff.userId, userId));
  return row?.count ?? 0;
}

/** Takes the user's staff lock until the transaction ends: their gyms are counted once at a time. */
export async function lockMember(tx: GymsDb, userId: string): Promise<void> {
  await advisoryXactLock(tx, 'gym_staff', userId);
}

export async function insertStaff(db: GymsDb, values: typeof gymStaff.$inferInsert): Promise<GymStaffRow> {
  const [row] = await mapPgErrors(() => db.insert(gymStaff).values(values).returning(), constraintFields);
  if (!row) throw new Error('insert into gym_staff returned no row');
  return row;
}

/** null when the user is not on the gym's staff. */
export async function updateStaffRole(db: GymsDb, gymId: string, userId: string, role: StaffRoleValue): Promise<GymStaffRow | null> {
  const [row] = await db
    .update(gymStaff)
    .set({ role })
    .where(and(eq(gymStaff.gymId, gymId), eq(gymStaff.userId, userId)))
    .returning();
  return row ?? null;
}

/** null when the user was not on the gym's staff. */
export async function deleteStaff(db: GymsDb, gymId: string, userId: string): Promise<GymStaffRow | null> {
  const [row] = await db
    .delete(gymStaff)
    .where(and(eq(gymStaff.gymId, gymId), eq(gymStaff.userId, userId)))
    .returning();
  return row ?? null;
}

/**
 * The old global SETTER role's hand-over: each user becomes SETTER staff of every gym, archived or
 * not, keeping any role they already hold. One statement; running it again adds nothing.
 */
export async function adoptAtEveryGym(db: GymsDb, userIds: readonly string[]): Promise<number> {
  if (userIds.length === 0) return 0;
  const rows = await db
    .insert(gymStaff)
    .select(
      db
        .select({
          gymId: gyms.id,
          userId: sql<string>`u.id`.as('user_id'),
          role: sql<StaffRoleValue>`'SETTER'::gyms.staff_role`.as('role'),
          addedBy: sql<string | null>`null::uuid`.as('added_by'),
          createdAt: sql<Date>`now()`.as('created_at'),
          modifiedAt: sql<Date>`now()`.as('modified_at'),
        })
        .from(gyms)
        .crossJoin(sql`unnest(${sql.param([...userIds])}::uuid[]) as u(id)`),
    )
    .onConflictDoNothing()
    .returning({ gymId: gymStaff.gymId });
  return rows.length;
}
