import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { schema, type UsersDb } from '../db';

const { refreshTokens } = schema;

export interface NewRefreshToken {
  userId: string;
  familyId: string;
  tokenHash: string;
  expiresAt: Date;
}

const PRUNE_EVERY_MS = 60_000;
// Per database handle, so that test files sharing one process (each with its own database) each prune.
const lastPrune = new WeakMap<object, number>();

/**
 * Deletes up to `limit` expired tokens, oldest first through the expires_at index, so pruning
 * costs the same however many have piled up. Revoked tokens stay until they expire: a replay of
 * one is how a stolen token is detected (its family is revoked), and past its expiry a replay is
 * refused anyway.
 */
export async function pruneExpiredRefreshTokens(db: UsersDb, limit = 1000): Promise<void> {
  await db.execute(sql`
    delete from ${refreshTokens} where id in (
      select id from ${refreshTokens} where expires_at <= now() order by expires_at limit ${limit}
    )`);
}

/**
 * Prunes at most once a minute per process (and database), piggybacking on the writes that add
 * tokens; never inside a caller's transaction (sign-up, Google sign-in), which stays short.
 */
async function pruneNowAndThen(db: UsersDb): Promise<void> {
  if (db instanceof PgTransaction) return;
  const last = lastPrune.get(db) ?? 0;
  if (Date.now() - last <= PRUNE_EVERY_MS) return;
  lastPrune.set(db, Date.now());
  await pruneExpiredRefreshTokens(db);
}

export async function insertRefreshToken(db: UsersDb, token: NewRefreshToken): Promise<void> {
  await db.insert(refreshTokens).values(token);
  await pruneNowAndThen(db);
}

export type Rotation = { status: 'rotated'; userId: string } | { status: 'reused' } | { status: 'invalid' };

/**
 * Revokes the presented token and stores its successor in the same family, atomically. The
 * conditional UPDATE is the lock: of two concurrent rotations of one token only one wins. A token
 * that was already revoked is being replayed, so its whole family is revoked (committed, not
 * rolled back: the caller reports the failure after the transaction).
 */
export async function rotateRefreshToken(db: UsersDb, tokenHash: string, next: Omit<NewRefreshToken, 'userId' | 'familyId'>): Promise<Rotation> {
  const rotation = await db.transaction(async (tx): Promise<Rotation> => {
    const [current] = await tx
      .update(refreshTokens)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(refreshTokens.tokenHash, tokenHash), isNull(refreshTokens.revokedAt), gt(refreshTokens.expiresAt, sql`now()`)))
      .returning({ userId: refreshTokens.userId, familyId: refreshTokens.familyId });
    if (current) {
      await tx.insert(refreshTokens).values({ ...next, userId: current.userId, familyId: current.familyId });
      return { status: 'rotated', userId: current.userId };
    }
    const [known] = await tx
      .select({ familyId: refreshTokens.familyId, revokedAt: refreshTokens.revokedAt })
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, tokenHash));
    if (!known?.revokedAt) return { status: 'invalid' };
    await tx
      .update(refreshTokens)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(refreshTokens.familyId, known.familyId), isNull(refreshTokens.revokedAt)));
    return { status: 'reused' };
  });
  await pruneNowAndThen(db);
  return rotation;
}

/** True when the token was active (neither revoked nor expired) and is now revoked. */
export async function revokeRefreshToken(db: UsersDb, tokenHash: string): Promise<boolean> {
  const revoked = await db
    .update(refreshTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(refreshTokens.tokenHash, tokenHash), isNull(refreshTokens.revokedAt), gt(refreshTokens.expiresAt, sql`now()`)))
    .returning({ id: refreshTokens.id });
  return revoked.length > 0;
}

/**
 * A password change, atomically: the new hash, every refresh token of the user revoked (all
 * devices are logged out, including whoever learnt the old password), and a new family for the
 * device that made the change.
 */
export function changePasswordAndRevokeAll(db: UsersDb, userId: string, passwordHash: string, next: Omit<NewRefreshToken, 'userId'>): Promise<void> {
  return db.transaction(async (tx) => {
    await tx.update(schema.users).set({ passwordHash }).where(eq(schema.users.id, userId));
    await tx
      .update(refreshTokens)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
    await tx.insert(refreshTokens).values({ ...next, userId });
  });
}
