import { createHash } from 'node:crypto';
import type { UserRow } from '@clmb/drizzle/users';
import type { UsersDb } from '../../db';
import { hashSecretToken, newSecretToken } from '../auth/tokens';
import { type EmailTokenPurpose, findEmailToken, insertEmailToken, spendEmailTokens, useEmailToken } from '../email-token-store';
import { findUserForUpdate, findUsersByIds } from '../user-store';

const LIFETIME_MS: Record<EmailTokenPurpose, number> = { VERIFY_EMAIL: 24 * 3_600_000, RESET_PASSWORD: 3_600_000, CHANGE_EMAIL: 24 * 3_600_000 };

type StampedAccount = Pick<UserRow, 'passwordHash' | 'email' | 'tokenGeneration' | 'role' | 'googleId'>;

/**
 * What a mailed link is bound to: the account's password, address, token generation (raised by
 * logOutEverywhere, a new password, a new role, disabling), role and Google link as they were when it was
 * mailed. Any change to them ends every link still pending, so no link outlives the state of the
 * account that it was sent for (a reset link for an old address, a change of address that the
 * owner cancelled by resetting the password).
 */
export const accountStamp = (account: StampedAccount): string =>
  createHash('sha256')
    .update(JSON.stringify([account.passwordHash, account.email.toLowerCase(), account.tokenGeneration, account.role, account.googleId]))
    .digest('hex');

/**
 * A new single-use token for a mailed link (random, stored only as its SHA-256 like a refresh
 * token) about `account` and the address `email`; earlier unused ones of the same purpose stop
 * working. Run it in the transaction that needs it; the caller mails the token once committed.
 */
export async function issueEmailToken(db: UsersDb, account: StampedAccount & Pick<UserRow, 'id'>, email: string, purpose: EmailTokenPurpose): Promise<string> {
  const { token, hash } = newSecretToken();
  await spendEmailTokens(db, account.id, purpose);
  await insertEmailToken(db, {
    userId: account.id,
    purpose,
    email,
    tokenHash: hash,
    expiresAt: new Date(Date.now() + LIFETIME_MS[purpose]),
    accountStamp: accountStamp(account),
  });
  return token;
}

/**
 * Spends a mailed token, in the caller's transaction: its purpose, address and account (locked
 * until the transaction ends, so no change slips in between), or null when the token is unknown,
 * used, expired, of another purpose, or the account changed since it was mailed.
 */
export async function spendEmailToken(db: UsersDb, token: string, purposes: EmailTokenPurpose[]) {
  const used = await useEmailToken(db, hashSecretToken(token), purposes);
  if (!used) return null;
  const account = await findUserForUpdate(db, used.userId);
  if (!account || used.accountStamp !== accountStamp(account)) return null;
  return { purpose: used.purpose, email: used.email, account };
}

/**
 * The account a mailed token is for, as spendEmailToken would find it, without spending the
 * token or locking the account; null when spendEmailToken would refuse it now.
 */
export async function peekEmailToken(db: UsersDb, token: string, purposes: EmailTokenPurpose[]) {
  const found = await findEmailToken(db, hashSecretToken(token), purposes);
  if (!found) return null;
  const [account] = await findUsersByIds(db, [found.userId]);
  return account && found.accountStamp === accountStamp(account) ? account : null;
}
