import { causeOf, ForbiddenError, fields, invalidField, parseInput, prime, requireViewer, UnauthenticatedError } from '@clmb/common';
import type { UserRow } from '@clmb/drizzle/users';
import { z } from 'zod';
import { hashPassword, newPassword as password, verifyPassword } from './auth/passwords';
import type { Context } from '../context';
import type { UsersDb } from '../db';
import { endAllLogins, startLogin } from './devices';
import { findOrCreateGoogleUser } from './google-accounts';
import { mayMail } from './mail/mail-caps';
import { signUpAttemptMail } from './mail/mail-templates';
import { username } from './profile';
import { endUnprovenAccess, sendVerification } from './verification';
import { findUserByEmail, insertUserUnlessTaken, setPasswordHash } from './user-store';
import { viewerRow } from './users';

/** What the AuthPayload resolvers get: tokens as issued, and the user they belong to. */
export interface AuthPayloadParent {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  user: UserRow;
}

const signUpInput = z.object({
  email: fields.email,
  username,
  password,
  firstName: fields.optionalText(64),
  lastName: fields.optionalText(128),
});
// Not parseInput: a malformed log-in counts against the limits and fails like a wrong password.
// Bounded after lower-casing too: some characters lower-case to two ("İ"), and the address goes into limit keys.
const logInInput = z.object({
  email: z
    .string()
    .max(255)
    .refine((v) => !v.includes('\u0000'))
    .transform((v) => v.trim().toLowerCase())
    .pipe(z.string().max(255)),
  password: z.string().max(128),
});
const changePasswordInput = z
  .object({ currentPassword: z.string().max(128, 'is not your current password'), newPassword: password })
  .refine((v) => v.currentPassword !== v.newPassword, { path: ['newPassword'], message: 'must differ from the current password' });
// Google ID tokens are about 1 KB; the cap keeps garbage from reaching the JWT parser.
const googleInput = z.object({ idToken: z.string().min(1, 'must not be empty').max(4096, 'is not a Google ID token') });

const INVALID_LOGIN = 'Invalid email or password.';
const DISABLED = 'This account is disabled.';

/**
 * The tokens of a login and its user. Whoever just proved who they are reads their payload's user
 * as themselves (email, sessions), whatever token came with the request; the rest of the
 * operation keeps the request's viewer.
 */
export async function authPayload(ctx: Context, user: UserRow, login: { refreshToken: string; deviceId: string }): Promise<AuthPayloadParent> {
  const access = await ctx.signAccessToken({ ...user, staff: await isStaff(ctx, user) }, login.deviceId);
  ctx.authenticated.add(prime(ctx.loaders.userById, user));
  return { accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken: login.refreshToken, user };
}

/**
 * The access token's `staff` claim: whether gyms has the user on some gym's staff (an ADMIN needs
 * none). When gyms cannot answer, the token goes without it and a warning is logged: the router
 * then refuses staff operations until the next refresh, and the gyms service still decides.
 */
async function isStaff(ctx: Context, user: UserRow): Promise<boolean> {
  if (user.role === 'ADMIN') return false;
  try {
    return await ctx.gyms.isStaff(user.id);
  } catch (error) {
    ctx.logger.warn({ err: causeOf(error), userId: user.id }, 'access token signed without the staff claim: the gyms service did not answer');
    return false;
  }
}

// Every log-in starts a new family (a device), so a replayed token revokes only that login's tokens.
async function startFamily(ctx: Context, user: UserRow, db: UsersDb = ctx.db): Promise<AuthPayloadParent> {
  const login = await startLogin(ctx, user.id, db);
  // Never inside a caller's transaction (Google sign-in), which stays short.
  if (db === ctx.db) await ctx.pruneLogins();
  return authPayload(ctx, user, login);
}

/**
 * Creates an unverified CLIMBER account and mails it a verification link; the app then logs in
 * with logIn. A taken email gets exactly the same answer (and about the same time: the password
 * is hashed either way, mail goes out in the background) while its owner is mailed that someone
 * tried, so the answer tells nobody which emails are registered. Brute-force limits are checked
 * before any password is hashed.
 */
export async function signUp(ctx: Context, args: unknown): Promise<true> {
  const input = parseInput(signUpInput, args);
  await ctx.loginThrottle.signUpAttempt(ctx.clientAddress);
  const passwordHash = await hashPassword(input.password);
  const { email, username, firstName, lastName } = input;
  const { user, taken } = await insertUserUnlessTaken(ctx.db, { email, username, passwordHash, firstName, lastName, role: 'CLIMBER' });
  // Refused whether or not the email is taken too, so that this answer tells nothing of the email.
  if (taken.includes('username')) throw invalidField('input.username', 'is already taken');
  if (user) await sendVerification(ctx, user);
  else if (await mayMail(ctx, 'SIGN_UP_ATTEMPT', email)) ctx.sendMail(signUpAttemptMail(email, ctx.appUrl));
  return true;
}

export async function logIn(ctx: Context, args: unknown): Promise<AuthPayloadParent> {
  const parsed = logInInput.safeParse(args);
  await ctx.loginThrottle.logInAttempt(ctx.clientAddress, parsed.success ? parsed.data.email : null);
  const user = parsed.success ? await findUserByEmail(ctx.db, parsed.data.email) : null;
  // An account without a password (Google only) fails here like a wrong password.
  const ok = await verifyPassword(user?.passwordHash, parsed.success ? parsed.data.password : '');
  if (!user || !ok) {
    if (parsed.success) await ctx.loginThrottle.logInFailed(parsed.data.email);
    throw new UnauthenticatedError(INVALID_LOGIN);
  }
  // Said only to whoever knows the password.
  if (user.disabledAt) throw new ForbiddenError(DISABLED);
  await ctx.loginThrottle.logInSucceeded(ctx.clientAddress, user.email);
  return startFamily(ctx, user);
}

export async function logInWithGoogle(ctx: Context, args: unknown): Promise<AuthPayloadParent> {
  const verifyGoogleIdToken = ctx.verifyGoogleIdToken;
  if (!verifyGoogleIdToken) throw new ForbiddenError('Google sign-in is not configured.');
  const input = parseInput(googleInput, args);
  await ctx.loginThrottle.logInAttempt(ctx.clientAddress, null);
  // Verified before the transaction: it may fetch Google's keys, and must not hold one open.
  const identity = await verifyGoogleIdToken(input.idToken);
  // The account (created or linked) and its first login together, or neither.
  const { payload, revocation } = await ctx.db.transaction(async (tx) => {
    const { user, proved } = await findOrCreateGoogleUser(tx, identity);
    if (user.disabledAt) throw new ForbiddenError(DISABLED);
    if (!proved) return { payload: await startFamily(ctx, user, tx), revocation: null };
    // Google just proved an address that whoever signed up with it never did: their password and logins end; the link is the owner's.
    const revocation = await endUnprovenAccess(tx, user.id, { keepGoogleId: true });
    return { payload: await startFamily(ctx, { ...user, passwordHash: null, tokenGeneration: revocation.generation }, tx), revocation };
  });
  if (revocation) ctx.revocations.note(revocation);
  return payload;
}

/** Checks the current password, then logs out every device and starts a new login here. */
export async function changePassword(ctx: Context, args: unknown): Promise<AuthPayloadParent> {
  // Anonymous is UNAUTHENTICATED before its input is looked at; a gone account only after.
  requireViewer(ctx.viewer);
  const input = parseInput(changePasswordInput, args);
  const user = await viewerRow(ctx);
  if (!user.passwordHash) throw invalidField('input.currentPassword', 'this account has no password; it signs in with Google');
  // A stolen access token must not turn into unlimited guesses at the password.
  await ctx.loginThrottle.passwordAttempt(ctx.clientAddress, user.email);
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    await ctx.loginThrottle.logInFailed(user.email);
    throw invalidField('input.currentPassword', 'is not your current password');
  }
  await ctx.loginThrottle.logInSucceeded(ctx.clientAddress, user.email);
  const passwordHash = await hashPassword(input.newPassword);
  // Atomically: the new hash, every device and access token logged out (whoever learnt the old
  // password too), and a new login for the device that made the change.
  const { login, revocation } = await ctx.db.transaction(async (tx) => {
    await setPasswordHash(tx, user.id, passwordHash);
    const revocation = await endAllLogins(tx, user.id);
    return { revocation, login: await startLogin(ctx, user.id, tx) };
  });
  ctx.revocations.note(revocation);
  return authPayload(ctx, { ...user, passwordHash, tokenGeneration: revocation.generation }, login);
}
