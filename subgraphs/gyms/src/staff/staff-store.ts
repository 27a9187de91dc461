import { and, count, eq, getTableColumns, inArray, lte, sql } from 'drizzle-orm';
import type { GymStaffRow, StaffRoleValue } from '@clmb/drizzle/gyms';
import { advisoryXactLock, keysetPages, mapPgErrors } from '@clmb/common';
import { schema, type GymsDb } from '../db';

const { gymStaff, gyms } = schema;

/** The most members a gym's staff has (`Gym.staff`); the rules that keep it are in staff.ts. */
export const MAX_STAFF_PER_GYM = 50;
/** The most gyms a user is staff of (`User.staffRoles`), and the most rows findStaffByUserIds reads a user. */
export const MAX_GYMS_PER_MEMBER = 20;

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

/**
 * Where each of these users is staff, oldest memberships first, at most MAX_GYMS_PER_MEMBER rows a
 * user (the caps keep every user within it; rows older than the caps could exceed it). One statement.
 */
export async function findStaffByUserIds(db: GymsDb, userIds: readonly string[]): Promise<GymStaffRow[]> {
  const ranked = db
    .select({
      ...getTableColumns(gymStaff),
      rank: sql<number>`row_number() over (partition by ${gymStaff.userId} order by ${gymStaff.createdAt}, ${gymStaff.gymId})`.as('rank'),
    })
    .from(gymStaff)
    .where(inArray(gymStaff.userId, [...userIds]))
    .as('ranked');
  const rows = await db
    .select()
    .from(ranked)
    .where(lte(ranked.rank, MAX_GYMS_PER_MEMBER))
    .orderBy(ranked.userId, ranked.createdAt, ranked.gymId);
  return rows.map(({ rank: _rank, ...row }) => row);
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

/** A gym as the legacy hand-over fills it: oldest first, with how many members its staff has. */
export interface GymSeats {
  id: string;
  members: number;
}

/**
 * Every gym, archived or not, oldest first with its staff count, each row locked until the
 * transaction ends (as lockGym does one), so that no other write adds staff while the hand-over
 * counts seats. One statement.
 */
export async function lockGymsWithSeats(tx: GymsDb): Promise<GymSeats[]> {
  return await tx
    .select({
      id: gyms.id,
      members: sql<number>`(select count(*) from ${gymStaff} where ${gymStaff.gymId} = ${gyms.id})`.mapWith(Number),
    })
    .from(gyms)
    .orderBy(gyms.createdAt, gyms.id)
    .for('no key update');
}

/** Adds these SETTER memberships, none twice (a role held already is kept); how many it added. One statement. */
export async function insertLegacySetters(tx: GymsDb, pairs: readonly { gymId: string; userId: string }[]): Promise<number> {
  if (pairs.length === 0) return 0;
  const rows = await tx
    .insert(gymStaff)
    .values(pairs.map((pair) => ({ ...pair, role: 'SETTER' as const, addedBy: null })))
    .onConflictDoNothing()
    .returning({ gymId: gymStaff.gymId });
  return rows.length;
}
