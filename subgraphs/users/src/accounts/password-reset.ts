import { parseInput } from '@clmb/common';
import { z } from 'zod';
import { hashPassword, newPassword } from './auth/passwords';
import type { Context } from '../context';
import { endAllLogins } from './devices';
import { issueEmailToken, spendEmailToken } from './mail/email-links';
import { mayMail } from './mail/mail-caps';
import { invalidEmailToken } from '../errors';
import { passwordResetMail } from './mail/mail-templates';
import { findUserByEmail, markEmailVerified, setPasswordHash, unlinkGoogleId } from './user-store';

// Bounded after lower-casing too: some characters lower-case to two ("İ"), and the address goes into limit keys.
const requestInput = z.object({
  email: z
    .string()
    .max(255)
    .transform((v) => v.trim().toLowerCase())
    .pipe(z.string().max(255, 'must be at most 255 characters')),
});
const resetInput = z.object({
  token: z.string().min(1, 'must not be empty').max(256, 'is not a token from our mail'),
  newPassword,
});

/**
 * Always the same answer, in the same time, whether or not the email has an account: the
 * lookup, the token and the mail happen after the answer. Limited per address and per email.
 */
export async function requestPasswordReset(ctx: Context, args: unknown): Promise<boolean> {
  const { email } = parseInput(requestInput, args);
  await ctx.loginThrottle.addressMailAttempt('reset', ctx.clientAddress);
  await ctx.loginThrottle.mailAttempt(`reset:${email}`);
  void mailReset(ctx, email).catch((error: unknown) => ctx.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'password reset mail failed'));
  return true;
}

async function mailReset(ctx: Context, email: string): Promise<void> {
  const user = await findUserByEmail(ctx.db, email);
  if (!user || !(await mayMail(ctx, 'RESET_PASSWORD', user.email))) return;
  const token = await issueEmailToken(ctx.db, user, user.email, 'RESET_PASSWORD');
  ctx.sendMail(passwordResetMail(user.email, ctx.appUrl, token));
}

/**
 * Spends a reset token: the new password, every device and access token logged out, and the
 * address proven (the link reached it). The link is bound to the account as it was mailed
 * (address, password, logins, role, Google link): after any change it is refused. Whatever someone else set
 * up on an address they never proved (a squatter's password, logins, Google link, pending links) ends with
 * it. The caller logs in afresh.
 */
export async function resetPassword(ctx: Context, args: unknown): Promise<boolean> {
  const input = parseInput(resetInput, args);
  // Each try costs an argon2 hash: counted like a log-in from the address.
  await ctx.loginThrottle.logInAttempt(ctx.clientAddress, null);
  const passwordHash = await hashPassword(input.newPassword);
  const revocation = await ctx.db.transaction(async (tx) => {
    const spent = await spendEmailToken(tx, input.token, ['RESET_PASSWORD']);
    if (!spent) return null;
    await setPasswordHash(tx, spent.account.id, passwordHash);
    await markEmailVerified(tx, spent.account.id, spent.email);
    if (!spent.account.emailVerified) await unlinkGoogleId(tx, spent.account.id);
    return endAllLogins(tx, spent.account.id);
  });
  if (!revocation) throw invalidEmailToken('input.token');
  ctx.revocations.note(revocation);
  return true;
}
