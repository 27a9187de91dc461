import type { UsersDb } from '../../db';
import { newSecretToken } from '../auth/tokens';
import { type EmailTokenPurpose, insertEmailToken, spendEmailTokens } from '../email-token-store';

const LIFETIME_MS: Record<EmailTokenPurpose, number> = { VERIFY_EMAIL: 24 * 3_600_000, RESET_PASSWORD: 3_600_000, CHANGE_EMAIL: 24 * 3_600_000 };

/**
 * A new single-use token for a mailed link (random, stored only as its SHA-256 like a refresh
 * token); earlier unused ones of the same purpose stop working. Run it in the transaction that
 * needs it; the caller mails the token once committed.
 */
export async function issueEmailToken(db: UsersDb, userId: string, email: string, purpose: EmailTokenPurpose): Promise<string> {
  const { token, hash } = newSecretToken();
  await spendEmailTokens(db, userId, purpose);
  await insertEmailToken(db, { userId, purpose, email, tokenHash: hash, expiresAt: new Date(Date.now() + LIFETIME_MS[purpose]) });
  return token;
}
