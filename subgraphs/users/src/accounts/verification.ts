import { parseInput, prime, type TokenRevocation } from '@clmb/common';
import type { UserRow } from '@clmb/drizzle/users';
import { z } from 'zod';
import type { Context } from '../context';
import type { UsersDb } from '../db';
import { invalidEmailToken } from '../errors';
import { endAllLogins } from './devices';
import { issueEmailToken, spendEmailToken } from './mail/email-links';
import { mayMail } from './mail/mail-caps';
import { verificationMail } from './mail/mail-templates';
import { markEmailVerified, setPasswordHash, setVerifiedEmail, unlinkGoogleId } from './user-store';
import { viewerRow } from './users';

const tokenInput = z.object({ token: z.string().min(1, 'must not be empty').max(256, 'is not a token from our mail') });

/** Mails `user` a link that proves their address; after sign-up, and on request. */
export async function sendVerification(ctx: Context, user: UserRow): Promise<void> {
  if (!(await mayMail(ctx, 'VERIFY_EMAIL', user.email))) return;
  const token = await issueEmailToken(ctx.db, user, user.email, 'VERIFY_EMAIL');
  ctx.sendMail(verificationMail(user.email, ctx.appUrl, token));
}

/**
 * The owner of a mailbox has just proven it for an account that someone else may have set up
 * (signed up with that address, or moved an account of theirs to it): whatever was set up
 * before the proof, the password, every login and the linked Google account, ends with it, in
 * the caller's transaction. `keepGoogleId` when the proof is that Google sign-in itself, whose
 * link is the owner's. The caller notes the returned revocation once committed.
 */
export async function endUnprovenAccess(db: UsersDb, userId: string, options: { keepGoogleId: boolean }): Promise<TokenRevocation> {
  await setPasswordHash(db, userId, null);
  if (!options.keepGoogleId) await unlinkGoogleId(db, userId);
  return endAllLogins(db, userId);
}

/**
 * Spends a verification token: the address it was sent to is verified (it is still the account's,
 * or the token is refused); for a change of address (changeEmail), it becomes the account's
 * address. Opened from a login of the account itself, that is all. Opened anywhere else, a link
 * that gives an address to the account (a never-verified address, a new one) also ends the
 * account's password, logins and Google link: whoever set them up may not be the owner of the mailbox, who
 * now holds the account and chooses a password by requestPasswordReset (or Google sign-in).
 */
export async function verifyEmail(ctx: Context, args: unknown): Promise<UserRow> {
  const input = parseInput(tokenInput, args);
  const result = await ctx.db.transaction(async (tx) => {
    const spent = await spendEmailToken(tx, input.token, ['VERIFY_EMAIL', 'CHANGE_EMAIL']);
    if (!spent) return null;
    const { account, email, purpose } = spent;
    const givesAddress = purpose === 'CHANGE_EMAIL' || !account.emailVerified;
    const user = purpose === 'CHANGE_EMAIL' ? await setVerifiedEmail(tx, account.id, email) : await markEmailVerified(tx, account.id, email);
    if (!user) return null;
    if (!givesAddress || ctx.viewer?.id === account.id) return { user, revocation: null };
    return { user: { ...user, passwordHash: null, googleId: null }, revocation: await endUnprovenAccess(tx, account.id, { keepGoogleId: false }) };
  });
  if (!result) throw invalidEmailToken('input.token');
  if (result.revocation) ctx.revocations.note(result.revocation);
  // Holding the link proves the address, not who is asking: the viewer stays as it was.
  return prime(ctx.loaders.userById, result.revocation ? { ...result.user, tokenGeneration: result.revocation.generation } : result.user);
}

/** Sends the link again; limited per account, since each one is a mail to someone's inbox. */
export async function resendVerificationEmail(ctx: Context): Promise<boolean> {
  const user = await viewerRow(ctx);
  if (user.emailVerified) return false;
  await ctx.loginThrottle.mailAttempt(`verify:${user.id}`);
  await sendVerification(ctx, user);
  return true;
}
