import { invalidField, parseInput, prime, type TokenRevocation } from '@clmb/common';
import type { UserRow } from '@clmb/drizzle/users';
import { z } from 'zod';
import type { Context } from '../context';
import type { UsersDb } from '../db';
import { invalidEmailToken } from '../errors';
import { verifyPassword } from './auth/passwords';
import { endAllLogins } from './devices';
import type { EmailTokenPurpose } from './email-token-store';
import { issueEmailToken, peekEmailToken, spendEmailToken } from './mail/email-links';
import { mayMail } from './mail/mail-caps';
import { verificationMail } from './mail/mail-templates';
import { markEmailVerified, setPasswordHash, setVerifiedEmail, unlinkGoogleId } from './user-store';
import { viewerRow } from './users';

const verifyInput = z.object({
  token: z.string().min(1, 'must not be empty').max(256, 'is not a token from our mail'),
  password: z.string().max(128, 'is not the account’s password').nullish(),
});
const LINK_PURPOSES: EmailTokenPurpose[] = ['VERIFY_EMAIL', 'CHANGE_EMAIL'];

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
 * address. Opened from a login of the account itself, or with the account's password, that is
 * all: whoever opens it holds both the mailbox and what was set up. Opened anywhere else without
 * it, a link that gives an address to the account (a never-verified address, a new one) also ends the
 * account's password, logins and Google link: whoever set them up may not be the owner of the mailbox, who
 * now holds the account and chooses a password by requestPasswordReset (or Google sign-in).
 */
export async function verifyEmail(ctx: Context, args: unknown): Promise<UserRow> {
  const input = parseInput(verifyInput, args);
  if (input.password != null) await checkPassword(ctx, input.token, input.password);
  const result = await ctx.db.transaction(async (tx) => {
    const spent = await spendEmailToken(tx, input.token, LINK_PURPOSES);
    if (!spent) return null;
    const { account, email, purpose } = spent;
    const givesAddress = purpose === 'CHANGE_EMAIL' || !account.emailVerified;
    const user = purpose === 'CHANGE_EMAIL' ? await setVerifiedEmail(tx, account.id, email) : await markEmailVerified(tx, account.id, email);
    if (!user) return null;
    // A password checked above is still the account's: the token's stamp holds its hash, so a token
    // spent after a change of password is refused.
    const ownsAccess = ctx.viewer?.id === account.id || input.password != null;
    if (!givesAddress || ownsAccess) return { user, revocation: null };
    return { user: { ...user, passwordHash: null, googleId: null }, revocation: await endUnprovenAccess(tx, account.id, { keepGoogleId: false }) };
  });
  if (!result) throw invalidEmailToken('input.token');
  if (result.revocation) ctx.revocations.note(result.revocation);
  // Holding the link proves the address, not who is asking: the viewer stays as it was.
  return prime(ctx.loaders.userById, result.revocation ? { ...result.user, tokenGeneration: result.revocation.generation } : result.user);
}

/**
 * The password sent with a link, checked against the account the token is for as logIn checks it
 * (counted by the log-in throttle, so a link is no way round its limits), or BAD_USER_INPUT on it. The token is not spent, so a mistyped password can be tried again or left out.
 */
async function checkPassword(ctx: Context, token: string, password: string): Promise<void> {
  const account = await peekEmailToken(ctx.db, token, LINK_PURPOSES);
  if (!account) throw invalidEmailToken('input.token');
  await ctx.loginThrottle.logInAttempt(ctx.clientAddress, account.email);
  // An account without a password (Google only) fails here like a wrong password.
  if (!account.passwordHash || !(await verifyPassword(account.passwordHash, password))) {
    await ctx.loginThrottle.logInFailed(account.email);
    throw invalidField('input.password', 'is not the account’s password');
  }
  await ctx.loginThrottle.logInSucceeded(ctx.clientAddress, account.email);
}

/** Sends the link again; limited per account, since each one is a mail to someone's inbox. */
export async function resendVerificationEmail(ctx: Context): Promise<boolean> {
  const user = await viewerRow(ctx);
  if (user.emailVerified) return false;
  await ctx.loginThrottle.mailAttempt(`verify:${user.id}`);
  await sendVerification(ctx, user);
  return true;
}
