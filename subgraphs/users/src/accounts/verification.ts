import { parseInput, prime } from '@clmb/common';
import type { UserRow } from '@clmb/drizzle/users';
import { z } from 'zod';
import { hashSecretToken } from './auth/tokens';
import type { Context } from '../context';
import { issueEmailToken } from './mail/email-links';
import { useEmailToken } from './email-token-store';
import { invalidEmailToken } from '../errors';
import { verificationMail } from './mail/mail-templates';
import { markEmailVerified, setVerifiedEmail } from './user-store';
import { viewerRow } from './users';

const tokenInput = z.object({ token: z.string().min(1, 'must not be empty').max(256, 'is not a token from our mail') });

/** Mails `user` a link that proves their address; after sign-up, and on request. */
export async function sendVerification(ctx: Context, user: Pick<UserRow, 'id' | 'email'>): Promise<void> {
  const token = await issueEmailToken(ctx.db, user.id, user.email, 'VERIFY_EMAIL');
  ctx.sendMail(verificationMail(user.email, ctx.appUrl, token));
}

/**
 * Spends a verification token: the address it was sent to is verified, if it is still the
 * account's; for a change of address (changeEmail), it becomes the account's address.
 */
export async function verifyEmail(ctx: Context, args: unknown): Promise<UserRow> {
  const input = parseInput(tokenInput, args);
  const user = await ctx.db.transaction(async (tx) => {
    const used = await useEmailToken(tx, hashSecretToken(input.token), ['VERIFY_EMAIL', 'CHANGE_EMAIL']);
    if (!used) return null;
    return used.purpose === 'CHANGE_EMAIL' ? setVerifiedEmail(tx, used.userId, used.email) : markEmailVerified(tx, used.userId, used.email);
  });
  if (!user) throw invalidEmailToken('input.token');
  // Holding the link proves the address, not who is asking: the viewer stays as it was.
  return prime(ctx.loaders.userById, user);
}

/** Sends the link again; limited per account, since each one is a mail to someone's inbox. */
export async function resendVerificationEmail(ctx: Context): Promise<boolean> {
  const user = await viewerRow(ctx);
  if (user.emailVerified) return false;
  await ctx.loginThrottle.mailAttempt(`verify:${user.id}`);
  await sendVerification(ctx, user);
  return true;
}
