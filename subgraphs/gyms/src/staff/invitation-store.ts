import { and, asc, count, desc, eq, gt, inArray, lte, min, type SQL, sql } from 'drizzle-orm';
import type { GymStaffInvitationRow, StaffInvitationStatus } from '@clmb/drizzle/gyms';
import { mapPgErrors } from '@clmb/common';
import { schema, type GymsDb } from '../db';

const { gymStaffInvitations: invitations } = schema;

/** What a listing filters on: a stored status, or EXPIRED (stored so, or PENDING past its expiry). */
export type InvitationListStatus = StaffInvitationStatus;

const constraintFields = {
  gym_staff_invitation_pending_key: 'input.login',
  gym_staff_invitation_gym_id_gym_id_fk: 'input.gymId',
};

/**
 * One clock decides expiry: the service's, as `statusOf` (invitations.ts) does and as `expiresAt`
 * is stamped, not the database's; each statement reads it when built.
 */
const clock = () => sql`${new Date().toISOString()}::timestamptz`;
const open = () => sql`${invitations.status} = 'PENDING' and ${invitations.expiresAt} > ${clock()}`;

const withStatus = (status: InvitationListStatus): SQL => {
  if (status === 'PENDING') return open();
  if (status === 'EXPIRED') return sql`(${invitations.status} = 'EXPIRED' or (${invitations.status} = 'PENDING' and ${invitations.expiresAt} <= ${clock()}))`;
  return eq(invitations.status, status);
};

export async function findInvitationsByIds(db: GymsDb, ids: readonly string[]): Promise<GymStaffInvitationRow[]> {
  return await db.select().from(invitations).where(inArray(invitations.id, [...ids]));
}

/** The invitation, locked until the transaction ends; null when none has this id. */
export async function lockInvitation(tx: GymsDb, id: string): Promise<GymStaffInvitationRow | null> {
  const [row] = await tx.select().from(invitations).where(eq(invitations.id, id)).for('update');
  return row ?? null;
}

/** The gym's PENDING invitation of this login (expired or not); in the transaction that locked the gym. */
export async function findPendingByLoginKey(tx: GymsDb, gymId: string, loginKey: string): Promise<GymStaffInvitationRow | null> {
  const [row] = await tx
    .select()
    .from(invitations)
    .where(and(eq(invitations.gymId, gymId), eq(invitations.loginKey, loginKey), eq(invitations.status, 'PENDING')));
  return row ?? null;
}

/** How many of the gym's invitations are open (PENDING, not expired). */
export async function countOpen(tx: GymsDb, gymId: string): Promise<number> {
  const [row] = await tx.select({ count: count() }).from(invitations).where(and(eq(invitations.gymId, gymId), open()));
  return row?.count ?? 0;
}

/** A gym's invitations sent, as a rate limit counts them. */
export const INVITATIONS_SENT = { owner: invitations.gymId, time: invitations.createdAt };

export async function insertInvitation(tx: GymsDb, values: typeof invitations.$inferInsert): Promise<GymStaffInvitationRow> {
  const [row] = await mapPgErrors(() => tx.insert(invitations).values(values).returning(), constraintFields);
  if (!row) throw new Error('insert into gym_staff_invitation returned no row');
  return row;
}

/**
 * Closes a PENDING invitation with `status` (and, but for EXPIRED, when it was answered); null when
 * it is not PENDING any more. EXPIRED closes one past its expiry; the others only an open one.
 */
export async function closeInvitation(db: GymsDb, id: string, status: Exclude<StaffInvitationStatus, 'PENDING'>): Promise<GymStaffInvitationRow | null> {
  const [row] = await db
    .update(invitations)
    .set({ status, respondedAt: status === 'EXPIRED' ? null : new Date() })
    .where(and(eq(invitations.id, id), status === 'EXPIRED' ? eq(invitations.status, 'PENDING') : open()))
    .returning();
  return row ?? null;
}

/** A position in a parent's invitations newest first. */
export interface InvitationPosition {
  time: Date;
  id: string;
}

/**
 * Pages of several gyms' (or invitees') invitations of one status, newest first, at most `limit`
 * a parent after `after`, in one statement (row_number() per parent over the (parent, created_at,
 * id) index).
 */
export async function findInvitationPages(
  db: GymsDb,
  by: 'gym' | 'user',
  parentIds: readonly string[],
  status: InvitationListStatus,
  limit: number,
  after: InvitationPosition | null,
): Promise<GymStaffInvitationRow[]> {
  const parent = by === 'gym' ? invitations.gymId : invitations.userId;
  // Postgres keeps microseconds, a cursor's time milliseconds: compared at the cursor's precision.
  const time = sql`date_trunc('milliseconds', ${invitations.createdAt})`;
  const position = after ? sql`(${time}, ${invitations.id}) < (${after.time.toISOString()}::timestamptz, ${after.id}::uuid)` : undefined;
  const ranked = db
    .select({
      id: invitations.id,
      place: sql<number>`row_number() over (partition by ${parent} order by ${time} desc, ${invitations.id} desc)`.as('place'),
    })
    .from(invitations)
    .where(and(inArray(parent, [...parentIds]), withStatus(status), position))
    .as('ranked');
  return await db
    .select()
    .from(invitations)
    .where(inArray(invitations.id, db.select({ id: ranked.id }).from(ranked).where(lte(ranked.place, limit))))
    .orderBy(asc(parent), desc(time), desc(invitations.id));
}
