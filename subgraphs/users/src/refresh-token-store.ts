import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { schema, type UsersDb } from './db';

const { refreshTokens } = schema;

export interface NewRefreshToken {
  userId: string;
  familyId: string;
  tokenHash: string;
  expiresAt: Date;
}

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

export async function insertRefreshToken(db: UsersDb, token: NewRefreshToken): Promise<void> {
  await db.insert(refreshTokens).values(token);
}

export type Rotation = { status: 'rotated'; userId: string } | { status: 'reused' } | { status: 'invalid' };

/**
 * Revokes the presented token and stores its successor in the same family, atomically. The
 * conditional UPDATE is the lock: of two concurrent rotations of one token only one wins. A token
 * that was already revoked is being replayed, so its whole family is revoked (committed, not
 * rolled back: the caller reports the failure after the transaction).
 */
export function rotateRefreshToken(db: UsersDb, tokenHash: string, next: Omit<NewRefreshToken, 'userId' | 'familyId'>): Promise<Rotation> {
  return db.transaction(async (tx): Promise<Rotation> => {
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

/** Logs the user out everywhere: every active refresh token of theirs is revoked. */
export async function revokeAllRefreshTokens(db: UsersDb, userId: string): Promise<void> {
  await db
    .update(refreshTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
}
