import { createHash } from 'node:crypto';
import { type Connection, DAY_MS, fields, invalidField, NotFoundError, keysetKey, pageSize, parseInput, parseKeysetAfter, prime, ref, requireViewer, toConnection, type PageArgs } from '@clmb/common';
import type { GymRow, GymStaffInvitationRow, GymStaffRow, StaffInvitationStatus } from '@clmb/drizzle/gyms';
import { z } from 'zod';
import type { Context } from '../context';
import { limitWrites, type WindowLimit } from '../rate-limits';
import { lockGym } from '../gyms/gym-store';
import { openGym } from '../gyms/gyms';
import { OWNERS, requireGymRole, STAFF_ROLES, staffRoleAt } from './access';
import * as store from './invitation-store';
import * as staffStore from './staff-store';
import { MAX_GYMS_PER_MEMBER, MAX_STAFF_PER_GYM, written } from './staff';

/** How long an invitation stays open. */
export const INVITATION_DAYS = 14;
/** The most open invitations a gym has at once (`Gym.staffInvitations`). */
export const MAX_OPEN_INVITATIONS = 50;
/** Invitations a gym sends in a day: a whole team, not a mailing list. */
export const INVITATIONS: WindowLimit = { what: 'staff invitations of a gym', reason: 'STAFF_INVITATIONS', max: 100, windowMs: DAY_MS };

const email = z.email();
// A username or an email: usernames are at most 64 characters, emails 255.
const inviteInput = z.object({ gymId: fields.id, login: fields.login, role: z.enum(STAFF_ROLES) });
const listStatus = z.enum(['PENDING', 'ACCEPTED', 'DECLINED', 'CANCELLED', 'EXPIRED']);

/** PENDING, or EXPIRED once its time is up, or how it was closed. */
export const statusOf = (invitation: GymStaffInvitationRow, now = new Date()): StaffInvitationStatus =>
  invitation.status === 'PENDING' && invitation.expiresAt <= now ? 'EXPIRED' : invitation.status;

export const invitedByOf = (invitation: GymStaffInvitationRow) => ref('User', invitation.invitedBy);

/** `ad***@example.com`: enough for the owner to recognise the address, the same whether or not it has an account. */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  return `${local.slice(0, local.length > 2 ? 2 : 1)}***${address.slice(at)}`;
}

interface Addressee {
  login: string;
  loginKey: string;
  userId: string | null;
}

/**
 * Whom a login invites. A username is public: one nobody has is an error. An email is bound to the
 * account that verified it, if any; otherwise only its hash is kept, and the owner learns nothing.
 */
async function addresseeOf(ctx: Context, value: string): Promise<Addressee> {
  if (!value.includes('@')) {
    const userId = await ctx.users.userIdByLogin(value);
    if (!userId) throw invalidField('input.login', 'no account has this username');
    return { login: value, loginKey: value.toLowerCase(), userId };
  }
  if (!email.safeParse(value).success) throw invalidField('input.login', 'must be a username or an email address');
  const address = value.toLowerCase();
  const userId = await ctx.users.userIdByLogin(address, { verifiedEmail: true });
  return { login: maskEmail(value), loginKey: `sha256:${createHash('sha256').update(address).digest('hex')}`, userId };
}

/**
 * An OWNER (or ADMIN) invites by username or email. A login with an open invitation gets that
 * invitation back, unchanged; an expired one is closed and a new one sent.
 */
export async function inviteGymStaff(ctx: Context, args: unknown): Promise<GymStaffInvitationRow> {
  requireViewer(ctx.viewer);
  const values = parseInput(inviteInput, args);
  const viewer = await requireGymRole(ctx, values.gymId, OWNERS);
  await openGym(ctx, values.gymId);
  const addressee = await addresseeOf(ctx, values.login);
  // Only for a username: which account an email reaches is not the owner's to learn.
  if (!values.login.includes('@') && addressee.userId && (await staffRoleAt(ctx, values.gymId, addressee.userId)))
    throw invalidField('input.login', "the user is on the gym's staff already");
  const row = await ctx.db.transaction(async (tx) => {
    await lockGym(tx, values.gymId);
    const pending = await store.findPendingByLoginKey(tx, values.gymId, addressee.loginKey);
    if (pending && statusOf(pending) === 'PENDING') return pending;
    if (pending) await store.closeInvitation(tx, pending.id, 'EXPIRED');
    if ((await store.countOpen(tx, values.gymId)) >= MAX_OPEN_INVITATIONS)
      throw invalidField('input.gymId', `the gym has ${MAX_OPEN_INVITATIONS} open invitations, the most it may; cancel one first`);
    await limitWrites(tx, INVITATIONS, store.INVITATIONS_SENT, values.gymId);
    const expiresAt = new Date(Date.now() + INVITATION_DAYS * DAY_MS);
    return await store.insertInvitation(tx, { gymId: values.gymId, ...addressee, role: values.role, invitedBy: viewer.id, expiresAt });
  });
  ctx.loaders.staffInvitationPages.clearAll();
  // Private, never in the router's caches: declared, it drops nothing there.
  ctx.cacheTags.changed('GymStaffInvitation', row.id);
  return prime(ctx.loaders.staffInvitationById, row);
}

/** The viewer's own invitation, still open; NOT_FOUND for anyone else's (its existence is not theirs to learn). */
async function ownOpenInvitation(ctx: Context, id: unknown): Promise<GymStaffInvitationRow> {
  const viewer = requireViewer(ctx.viewer);
  const invitationId = parseInput(fields.id, id, 'id');
  const invitation = await ctx.loaders.staffInvitationById.load(invitationId);
  if (!invitation || invitation.userId !== viewer.id) throw new NotFoundError('GymStaffInvitation', invitationId);
  requireOpen(invitation);
  return invitation;
}

function requireOpen(invitation: GymStaffInvitationRow): void {
  const status = statusOf(invitation);
  if (status !== 'PENDING') throw invalidField('id', status === 'EXPIRED' ? 'the invitation has expired' : `the invitation is ${status} already`);
}

/**
 * The invitee joins the gym's staff with the invitation's role, in one transaction with its status.
 * Their other open invitations to the gym stay as they are: closing one sent to an email would tell
 * the owner whose address it is. Answering one later says they are on the staff already.
 */
export async function acceptGymStaffInvitation(ctx: Context, id: unknown): Promise<GymStaffRow> {
  const { id: invitationId, gymId, userId } = (await ownOpenInvitation(ctx, id)) as GymStaffInvitationRow & { userId: string };
  const { member, invitation } = await ctx.db.transaction(async (tx) => {
    await lockGym(tx, gymId);
    await staffStore.lockMember(tx, userId);
    const current = await store.lockInvitation(tx, invitationId);
    if (!current) throw new NotFoundError('GymStaffInvitation', invitationId);
    requireOpen(current);
    if ((await staffStore.findStaffByPairs(tx, [{ gymId, userId }])).length > 0) throw invalidField('id', "you are on the gym's staff already; decline the invitation");
    if ((await staffStore.countStaff(tx, gymId)).members >= MAX_STAFF_PER_GYM)
      throw invalidField('id', `the gym already has ${MAX_STAFF_PER_GYM} staff, the most a gym has`);
    if ((await staffStore.countGymsOfMember(tx, userId)) >= MAX_GYMS_PER_MEMBER)
      throw invalidField('id', `you are staff of ${MAX_GYMS_PER_MEMBER} gyms already, the most one may be`);
    const member = await staffStore.insertStaff(tx, { gymId, userId, role: current.role, addedBy: current.invitedBy });
    const invitation = await store.closeInvitation(tx, invitationId, 'ACCEPTED');
    return { member, invitation };
  });
  ctx.loaders.staffInvitationPages.clearAll();
  if (invitation) prime(ctx.loaders.staffInvitationById, invitation);
  return written(ctx, member);
}

async function close(ctx: Context, invitation: GymStaffInvitationRow, status: 'DECLINED' | 'CANCELLED'): Promise<GymStaffInvitationRow> {
  const row = await store.closeInvitation(ctx.db, invitation.id, status);
  if (!row) throw invalidField('id', 'the invitation has just been answered or has expired');
  ctx.loaders.staffInvitationPages.clearAll();
  ctx.cacheTags.changed('GymStaffInvitation', row.id);
  return prime(ctx.loaders.staffInvitationById, row);
}

export async function declineGymStaffInvitation(ctx: Context, id: unknown): Promise<GymStaffInvitationRow> {
  return close(ctx, await ownOpenInvitation(ctx, id), 'DECLINED');
}

/** An OWNER of the gym (or an ADMIN) withdraws an open invitation. */
export async function cancelGymStaffInvitation(ctx: Context, id: unknown): Promise<GymStaffInvitationRow> {
  requireViewer(ctx.viewer);
  const invitationId = parseInput(fields.id, id, 'id');
  const invitation = await ctx.loaders.staffInvitationById.load(invitationId);
  if (!invitation) throw new NotFoundError('GymStaffInvitation', invitationId);
  await requireGymRole(ctx, invitation.gymId, OWNERS);
  requireOpen(invitation);
  return close(ctx, invitation, 'CANCELLED');
}

async function page(
  ctx: Context,
  key: { by: 'gym' | 'user'; parentId: string; status: StaffInvitationStatus },
  args: PageArgs,
): Promise<Connection<GymStaffInvitationRow>> {
  const size = pageSize(args.first);
  const after = parseKeysetAfter(args.after);
  const rows = await ctx.loaders.staffInvitationPages.load({ ...key, limit: size + 1, after });
  return toConnection(rows, size, (row) => keysetKey(row.createdAt, row.id), after !== null);
}

/** `Gym.staffInvitations`: the gym's invitations of one status, for its owners and ADMINs. */
export async function invitationsOfGym(
  ctx: Context,
  gym: GymRow,
  args: PageArgs & { status?: string | null },
): Promise<Connection<GymStaffInvitationRow>> {
  await requireGymRole(ctx, gym.id, OWNERS);
  const status = parseInput(listStatus, args.status ?? 'PENDING', 'status');
  return page(ctx, { by: 'gym', parentId: gym.id, status }, args);
}

/** `myStaffInvitations`: the viewer's open invitations. */
export async function myStaffInvitations(ctx: Context, args: PageArgs): Promise<Connection<GymStaffInvitationRow>> {
  const viewer = requireViewer(ctx.viewer);
  return page(ctx, { by: 'user', parentId: viewer.id, status: 'PENDING' }, args);
}
