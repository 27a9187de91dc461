import { fields, NotFoundError, parseInput, prime, requireRole, ROLES } from '@clmb/common';
import type { UserRow } from '@clmb/drizzle/users';
import { z } from 'zod';
import type { Context } from '../context';
import type { UsersDb } from '../db';
import { LastAdminError } from '../errors';
import { endAllLogins } from './devices';
import { revokeAccessTokens } from './revocations';
import { lockActiveAdmins, setDisabled, setRole } from './admin-store';

const roleInput = z.object({ userId: fields.id, role: z.enum(ROLES) });
const userInput = z.object({ userId: fields.id });

/**
 * Refuses, in the caller's transaction, a change (a new role, disabling, deleting the account)
 * that takes `userId` out of the active ADMINs if they are the last one. The lock on the admins'
 * rows makes two admins demoting each other at once wait for each other, so that one of them is refused.
 */
export async function keepAnAdmin(db: UsersDb, userId: string): Promise<void> {
  const admins = await lockActiveAdmins(db);
  if (admins.length === 1 && admins[0] === userId) throw new LastAdminError();
}

/**
 * An ADMIN changes a user's role. The user's access tokens (which carry the old role) stop within
 * seconds; their logins stay, so their next refresh carries the new role. The last active ADMIN
 * cannot be demoted (FORBIDDEN, reason LAST_ADMIN).
 */
export async function setUserRole(ctx: Context, args: unknown): Promise<UserRow> {
  requireRole(ctx.viewer, 'ADMIN');
  const { userId, role } = parseInput(roleInput, args);
  const result = await ctx.db.transaction(async (tx) => {
    if (role !== 'ADMIN') await keepAnAdmin(tx, userId);
    const row = await setRole(tx, userId, role);
    return row && { row, revocation: await revokeAccessTokens(tx, userId) };
  });
  if (!result) throw new NotFoundError('User', userId);
  ctx.revocations.note(result.revocation);
  return prime(ctx.loaders.userById, { ...result.row, tokenGeneration: result.revocation.generation });
}

/** An ADMIN disables a user: every login ends, access tokens stop within seconds, and log-ins are refused. */
export async function disableUser(ctx: Context, args: unknown): Promise<UserRow> {
  const admin = requireRole(ctx.viewer, 'ADMIN');
  const { userId } = parseInput(userInput, args);
  if (userId === admin.id) throw new NotFoundError('User', userId);
  const result = await ctx.db.transaction(async (tx) => {
    await keepAnAdmin(tx, userId);
    const row = await setDisabled(tx, userId, true);
    return row && { row, revocation: await endAllLogins(tx, userId) };
  });
  if (!result) throw new NotFoundError('User', userId);
  ctx.revocations.note(result.revocation);
  return prime(ctx.loaders.userById, result.row);
}
