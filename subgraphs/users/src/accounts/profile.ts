import { fields, invalidField, isEmptyPatch, NotFoundError, parseInput, patch, prime, sentFields } from '@clmb/common';
import type { UserRow } from '@clmb/drizzle/users';
import { z } from 'zod';
import { verifyPassword } from './auth/passwords';
import type { Context } from '../context';
import { forgetEmail } from './auth/login-throttle';
import { keepAnAdmin } from './admin';
import { revokeAccessTokensForGood } from './revocations';
import { issueEmailToken } from './mail/email-links';
import { mayMail } from './mail/mail-caps';
import { confirmNewEmailMail, emailChangeNoticeMail } from './mail/mail-templates';
import { deleteUser, findUserByEmail, updateUser, type UserPatch } from './user-store';
import { viewerRow } from './users';
import { announceLeaderboards } from '../community/leaderboards';
import { findGymIdsOfUser } from '../logbook/session-store';

export const username = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.-]{3,32}$/, 'must be 3 to 32 letters, digits, _, - or .');

const profileInput = z.object({
  username: patch.required(username),
  firstName: patch.nullable(fields.optionalText(64)),
  lastName: patch.nullable(fields.optionalText(128)),
});

const deleteInput = z.object({
  password: z.string().max(128).nullish(),
  googleIdToken: z.string().min(1).max(4096, 'is not a Google ID token').nullish(),
});

// A Google sign-in this recent stands in for a password on an account that has none.
const RECENT_GOOGLE_SIGN_IN_S = 300;

/** Your username and names: fields left out stay, `null` clears a name (not the username). */
export async function updateProfile(ctx: Context, args: unknown): Promise<UserRow> {
  const user = await viewerRow(ctx);
  const changes: UserPatch = sentFields(parseInput(profileInput, args));
  if (isEmptyPatch(changes)) return user;
  const row = await updateUser(ctx.db, user.id, changes);
  if (!row) throw new NotFoundError('User', user.id);
  return prime(ctx.loaders.userById, row);
}

/** Proof that the viewer is the account's owner, not just the holder of an access token. */
async function proveOwner(ctx: Context, user: UserRow, input: z.infer<typeof deleteInput>): Promise<void> {
  if (user.passwordHash) {
    await ctx.loginThrottle.passwordAttempt(ctx.clientAddress, user.email);
    if (!(await verifyPassword(user.passwordHash, input.password ?? ''))) {
      await ctx.loginThrottle.logInFailed(user.email);
      throw invalidField('input.password', 'is not your password');
    }
    return;
  }
  if (!input.googleIdToken || !ctx.verifyGoogleIdToken) {
    throw invalidField('input.googleIdToken', 'this account has no password; sign in with Google again and send its ID token');
  }
  const identity = await ctx.verifyGoogleIdToken(input.googleIdToken);
  const fresh = identity.issuedAt !== undefined && Date.now() / 1000 - identity.issuedAt <= RECENT_GOOGLE_SIGN_IN_S;
  if (identity.sub !== user.googleId || !fresh) {
    throw invalidField('input.googleIdToken', 'must be a Google ID token of this account from the last 5 minutes');
  }
}

/**
 * Erases the account (GDPR): the user row with email and names, their sessions and climbs, every
 * login and mailed token (foreign keys cascade), their log-in counters, in one transaction; their
 * access tokens stop within seconds. Returns the deleted user's id. The last active ADMIN cannot
 * (FORBIDDEN, reason LAST_ADMIN): another user must be made ADMIN first.
 */
export async function deleteAccount(ctx: Context, args: unknown): Promise<string> {
  const input = parseInput(deleteInput, args);
  const user = await viewerRow(ctx);
  await proveOwner(ctx, user, input);
  const { revocation, gymIds } = await ctx.db.transaction(async (tx) => {
    await keepAnAdmin(tx, user.id);
    // Read in the transaction that deletes them: the leaderboards their climbs counted on.
    const gymIds = await findGymIdsOfUser(tx, user.id);
    await deleteUser(tx, user.id);
    await forgetEmail(tx, user.email);
    return { revocation: await revokeAccessTokensForGood(tx, user.id), gymIds };
  });
  ctx.revocations.note(revocation);
  announceLeaderboards(ctx, gymIds);
  ctx.loaders.userById.clear(user.id);
  return user.id;
}

const changeEmailInput = z.object({ newEmail: fields.email, password: z.string().max(128) });

/**
 * Starts a change of address: the new one must confirm (a link to it, through verifyEmail), and
 * the old one is told. Until then nothing changes. A new address that another account has gets
 * no mail, but the same answer.
 */
export async function changeEmail(ctx: Context, args: unknown): Promise<boolean> {
  const input = parseInput(changeEmailInput, args);
  const user = await viewerRow(ctx);
  if (!user.passwordHash) throw invalidField('input.password', 'this account has no password; it signs in with Google');
  await proveOwner(ctx, user, { password: input.password });
  if (input.newEmail === user.email.toLowerCase()) throw invalidField('input.newEmail', 'is already your email address');
  await ctx.loginThrottle.mailAttempt(`change:${user.id}`);
  if (await mayMail(ctx, 'EMAIL_CHANGE_NOTICE', user.email)) ctx.sendMail(emailChangeNoticeMail(user.email, input.newEmail));
  if ((await findUserByEmail(ctx.db, input.newEmail)) || !(await mayMail(ctx, 'CHANGE_EMAIL', input.newEmail))) return true;
  const token = await issueEmailToken(ctx.db, user, input.newEmail, 'CHANGE_EMAIL');
  ctx.sendMail(confirmNewEmailMail(input.newEmail, ctx.appUrl, token));
  return true;
}
