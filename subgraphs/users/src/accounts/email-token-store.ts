import { and, eq, gt, inArray, isNull, lt, sql } from 'drizzle-orm';
import { schema, type UsersDb } from '../db';

const { emailTokens } = schema;

export type EmailTokenPurpose = (typeof emailTokens.$inferSelect)['purpose'];

interface NewEmailToken {
  userId: string;
  purpose: EmailTokenPurpose;
  email: string;
  tokenHash: string;
  expiresAt: Date;
  accountStamp: string;
}

export async function insertEmailToken(db: UsersDb, token: NewEmailToken): Promise<void> {
  await db.insert(emailTokens).values(token);
}

/**
 * Spends a token: marks it used if it is unused, unexpired and for `purpose`, and returns whom,
 * which address and which purpose it was for, and the account's stamp when it was issued. The conditional UPDATE makes it single-use under concurrency.
 */
export async function useEmailToken(
  db: UsersDb,
  tokenHash: string,
  purposes: EmailTokenPurpose[],
): Promise<{ userId: string; email: string; purpose: EmailTokenPurpose; accountStamp: string | null } | null> {
  const [row] = await db
    .update(emailTokens)
    .set({ usedAt: sql`now()` })
    .where(and(eq(emailTokens.tokenHash, tokenHash), inArray(emailTokens.purpose, purposes), isNull(emailTokens.usedAt), gt(emailTokens.expiresAt, sql`now()`)))
    .returning({ userId: emailTokens.userId, email: emailTokens.email, purpose: emailTokens.purpose, accountStamp: emailTokens.accountStamp });
  return row ?? null;
}

/** The same token as useEmailToken would spend, left unspent: whom it is for and the account's stamp when it was issued. */
export async function findEmailToken(db: UsersDb, tokenHash: string, purposes: EmailTokenPurpose[]): Promise<{ userId: string; accountStamp: string | null } | null> {
  const [row] = await db
    .select({ userId: emailTokens.userId, accountStamp: emailTokens.accountStamp })
    .from(emailTokens)
    .where(and(eq(emailTokens.tokenHash, tokenHash), inArray(emailTokens.purpose, purposes), isNull(emailTokens.usedAt), gt(emailTokens.expiresAt, sql`now()`)));
  return row ?? null;
}

/** Earlier unused tokens of the user for `purpose` stop working when a new one is sent or one is used. */
export async function spendEmailTokens(db: UsersDb, userId: string, purpose: EmailTokenPurpose): Promise<void> {
  await db
    .update(emailTokens)
    .set({ usedAt: sql`now()` })
    .where(and(eq(emailTokens.userId, userId), eq(emailTokens.purpose, purpose), isNull(emailTokens.usedAt)));
}

/** Deletes up to `limit` expired tokens. */
export async function pruneExpiredEmailTokens(db: UsersDb, limit = 1000): Promise<void> {
  await db.execute(sql`
    delete from ${emailTokens} where id in (
      select id from ${emailTokens} where ${lt(emailTokens.expiresAt, sql`now()`)} order by expires_at limit ${limit}
    )`);
}
