import { ForbiddenError, fields, idReference, invalidField, keysetConnection, NotFoundError, parseId, parseInput, prime, ref, requireViewer, type PageArgs } from '@clmb/common';
import type { GymRow, GymStaffRow } from '@clmb/drizzle/gyms';
import { z } from 'zod';
import type { Context } from '../context';
import { lockGym } from '../gyms/gym-store';
import { ANY_STAFF, OWNERS, requireAdmin, requireGymRole, STAFF_ROLES, type StaffRole } from './access';
import { staffKey } from './loaders';
import * as store from './staff-store';
import { MAX_GYMS_PER_MEMBER, MAX_STAFF_PER_GYM } from './staff-store';

export { MAX_GYMS_PER_MEMBER, MAX_STAFF_PER_GYM } from './staff-store';
/** The most accounts one legacy hand-over adopts; the users service sends them in batches. */
const MAX_ADOPTED = 500;

const role = z.enum(STAFF_ROLES);
// A username or an email: usernames are at most 64 characters, emails 255.
const addInput = z.object({ gymId: fields.id, login: fields.login, role });
const updateInput = z.object({ gymId: fields.id, userId: fields.id, role });
const removeInput = z.object({ gymId: fields.id, userId: fields.id });
const adoptInput = z.array(fields.id).max(MAX_ADOPTED, `must be at most ${MAX_ADOPTED} ids`);

/** `User` as the gyms service knows it: an id (the users service has the rest). */
export interface UserParent {
  id: string;
}

/** Staff data is private, never in the router's caches: declaring it drops nothing there, and says the write was accounted for. */
const changedMember = (ctx: Context, row: { gymId: string; userId: string }) => ctx.cacheTags.changed('GymStaffMember', `${row.gymId}/${row.userId}`);

/** The membership as written, for later fields of this request; lists are read again. */
export function written(ctx: Context, row: GymStaffRow): GymStaffRow {
  changedMember(ctx, row);
  ctx.loaders.staffByUserId.clear(row.userId);
  ctx.loaders.staffPages.clearAll();
  return prime(ctx.loaders.staffMember, row, staffKey(row.gymId, row.userId));
}

async function existingGym(ctx: Context, gymId: string): Promise<GymRow> {
  const gym = await ctx.loaders.gymById.load(gymId);
  if (!gym) throw invalidField('input.gymId', 'no gym has this id');
  return gym;
}

/** An ADMIN names the user by username or email (owners invite, and never learn whose an email is). */
async function userIdOf(ctx: Context, value: string): Promise<string> {
  const userId = await ctx.users.userIdByLogin(value);
  if (!userId) throw invalidField('input.login', value.includes('@') ? 'no account has this email' : 'no account has this username');
  return userId;
}

/** `Gym.staff`: a page of the gym's staff, for its staff and ADMINs. */
export async function staffOfGym(ctx: Context, gym: GymRow, args: PageArgs) {
  await requireGymRole(ctx, gym.id, ANY_STAFF);
  return keysetConnection(ctx.loaders.staffPages, (row) => row.createdAt, gym.id, args);
}

/**
 * `User.staffRoles`: where the user is staff (their MAX_GYMS_PER_MEMBER oldest memberships, the
 * store's limit), for themself or an ADMIN; empty for anyone else.
 */
export async function staffRolesOf(ctx: Context, user: UserParent): Promise<GymStaffRow[]> {
  if (!ctx.viewer || (ctx.viewer.id !== user.id && ctx.viewer.role !== 'ADMIN')) return [];
  return ctx.loaders.staffByUserId.load(user.id);
}

export const userReference = (reference: { id?: unknown }): UserParent | null => idReference(reference);

export const userOf = (member: GymStaffRow) => ref('User', member.userId);

/** Internal (`_isStaff`): whether the user is on any gym's staff, for the users service's token. */
export async function isStaff(ctx: Context, userId: unknown): Promise<boolean> {
  return (await ctx.loaders.staffByUserId.load(parseId(userId))).length > 0;
}

/** ADMIN only (support, a new gym's first OWNER): a gym's owners invite (`inviteGymStaff`), and the invitee says yes. */
export async function addGymStaff(ctx: Context, args: unknown): Promise<GymStaffRow> {
  const viewer = requireAdmin(ctx);
  const values = parseInput(addInput, args);
  await existingGym(ctx, values.gymId);
  const userId = await userIdOf(ctx, values.login);
  const row = await ctx.db.transaction(async (tx) => {
    await lockGym(tx, values.gymId);
    await store.lockMember(tx, userId);
    if ((await store.countStaff(tx, values.gymId)).members >= MAX_STAFF_PER_GYM)
      throw invalidField('input.gymId', `the gym already has ${MAX_STAFF_PER_GYM} staff, the most a gym has`);
    if ((await store.countGymsOfMember(tx, userId)) >= MAX_GYMS_PER_MEMBER)
      throw invalidField('input.login', `the user is staff of ${MAX_GYMS_PER_MEMBER} gyms already, the most one may be`);
    return await store.insertStaff(tx, { gymId: values.gymId, userId, role: values.role, addedBy: viewer.id });
  });
  return written(ctx, row);
}

/** Refuses to leave a gym that has owners without one, unless an ADMIN (who may fix any gym) asks. */
async function keepAnOwner(tx: Context['db'], gymId: string, member: GymStaffRow, newRole: StaffRole | null, field: string, isAdmin: boolean) {
  if (isAdmin || member.role !== 'OWNER' || newRole === 'OWNER') return;
  if ((await store.countStaff(tx, gymId)).owners <= 1) throw invalidField(field, 'the gym would have no OWNER left; make someone else OWNER first');
}

export async function updateGymStaff(ctx: Context, args: unknown): Promise<GymStaffRow> {
  requireViewer(ctx.viewer);
  const values = parseInput(updateInput, args);
  const viewer = await requireGymRole(ctx, values.gymId, OWNERS);
  const row = await ctx.db.transaction(async (tx) => {
    await lockGym(tx, values.gymId);
    const [member] = await store.findStaffByPairs(tx, [values]);
    if (!member) throw new NotFoundError('Staff member', values.userId);
    await keepAnOwner(tx, values.gymId, member, values.role, 'input.role', viewer.role === 'ADMIN');
    return await store.updateStaffRole(tx, values.gymId, values.userId, values.role);
  });
  if (!row) throw new NotFoundError('Staff member', values.userId);
  return written(ctx, row);
}

export async function removeGymStaff(ctx: Context, args: unknown): Promise<GymStaffRow> {
  const viewerId = requireViewer(ctx.viewer).id;
  const values = parseInput(removeInput, args);
  const self = viewerId === values.userId;
  // A member may leave on their own; removing someone else is an owner's.
  const viewer = await requireGymRole(ctx, values.gymId, self ? ANY_STAFF : OWNERS);
  const row = await ctx.db.transaction(async (tx) => {
    await lockGym(tx, values.gymId);
    const [member] = await store.findStaffByPairs(tx, [values]);
    if (!member) throw new NotFoundError('Staff member', values.userId);
    await keepAnOwner(tx, values.gymId, member, null, 'input.userId', viewer.role === 'ADMIN');
    return await store.deleteStaff(tx, values.gymId, values.userId);
  });
  if (!row) throw new NotFoundError('Staff member', values.userId);
  ctx.loaders.staffMember.clear(staffKey(row.gymId, row.userId)).prime(staffKey(row.gymId, row.userId), null);
  ctx.loaders.staffByUserId.clear(row.userId);
  ctx.loaders.staffPages.clearAll();
  changedMember(ctx, row);
  return row;
}

/** A legacy setter's memberships the hand-over did not add, and why. */
interface Skipped {
  userId: string;
  /** Gyms whose staff was full (MAX_STAFF_PER_GYM). */
  fullGyms: number;
  /** Gyms left once the user was staff of MAX_GYMS_PER_MEMBER. */
  overMemberCap: number;
}

/**
 * The hand-over's plan, within the staff caps: the accounts in the order sent, each at the oldest
 * gyms first (archived or not), skipping gyms whose staff is full, until they are staff of
 * MAX_GYMS_PER_MEMBER gyms (memberships held already count, and are kept).
 */
function planAdoption(gyms: store.GymSeats[], held: GymStaffRow[], userIds: readonly string[]) {
  const adopt: { gymId: string; userId: string }[] = [];
  const skipped: Skipped[] = [];
  for (const userId of userIds) {
    const mine = new Set(held.filter((row) => row.userId === userId).map((row) => row.gymId));
    const skip: Skipped = { userId, fullGyms: 0, overMemberCap: 0 };
    let count = mine.size;
    for (const gym of gyms) {
      if (mine.has(gym.id)) continue;
      if (count >= MAX_GYMS_PER_MEMBER) skip.overMemberCap++;
      else if (gym.members >= MAX_STAFF_PER_GYM) skip.fullGyms++;
      else {
        adopt.push({ gymId: gym.id, userId });
        gym.members++;
        count++;
      }
    }
    if (skip.fullGyms + skip.overMemberCap > 0) skipped.push(skip);
  }
  return { adopt, skipped };
}

/**
 * Internal (`_adoptLegacySetters`): the accounts that held the old global SETTER role become SETTER
 * staff of the gyms, within the staff caps (see planAdoption; what the caps leave out is logged).
 * Only the users service calls it (through the subgraph secret; the router cannot reach an
 * `@inaccessible` field); idempotent. One transaction: the gyms are locked, then each account,
 * in the order addGymStaff takes them.
 */
export async function adoptLegacySetters(ctx: Context, userIds: unknown): Promise<number> {
  if (ctx.viewer) throw new ForbiddenError('Only the users service hands over legacy setters.');
  const ids = [...new Set(parseInput(adoptInput, userIds, 'userIds'))];
  if (ids.length === 0) return 0;
  const { added, skipped } = await ctx.db.transaction(async (tx) => {
    const gyms = await store.lockGymsWithSeats(tx);
    for (const id of [...ids].sort()) await store.lockMember(tx, id);
    const { adopt, skipped } = planAdoption(gyms, await store.findStaffByUserIds(tx, ids), ids);
    return { added: await store.insertLegacySetters(tx, adopt), skipped };
  });
  if (skipped.length > 0)
    ctx.logger.warn({ skipped, maxStaffPerGym: MAX_STAFF_PER_GYM, maxGymsPerMember: MAX_GYMS_PER_MEMBER }, 'legacy setter hand-over: memberships beyond the staff caps were not added');
  ctx.cacheTags.changed('User', ...ids);
  for (const id of ids) ctx.loaders.staffByUserId.clear(id);
  ctx.loaders.staffMember.clearAll();
  ctx.loaders.staffPages.clearAll();
  return added;
}
