import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { schema, type UsersDb } from '../db';

const { refreshTokens } = schema;

interface NewRefreshToken {
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

type Rotation =
  /** This call exchanged the token; `raced`: a concurrent call did, within the grace window, and the successor is still active. */
  | { status: 'rotated' | 'raced'; userId: string; familyId: string }
  | { status: 'reused'; familyId: string }
  | { status: 'invalid' };

/**
 * Revokes the presented token and stores its successor in the same family. The conditional UPDATE
 * is the lock: of two concurrent rotations of one token only one wins. The loser, within
 * `graceSeconds` of the win, finds the successor the winner stored (successors are derived from
 * the presented token, so both name the same one) and answers `raced`, so a client that refreshed
 * twice at once stays logged in. Any other use of a revoked token is `reused` (a replay), which
 * the caller answers by revoking the family. Run it in the caller's transaction, which also checks
 * the family's device.
 */
export async function rotateRefreshToken(
  db: UsersDb,
  tokenHash: string,
  next: Omit<NewRefreshToken, 'userId' | 'familyId'>,
  graceSeconds: number,
): Promise<Rotation> {
  const [current] = await db
    .update(refreshTokens)
    .set({ revokedAt: sql`now()`, rotatedAt: sql`now()` })
    .where(and(eq(refreshTokens.tokenHash, tokenHash), isNull(refreshTokens.revokedAt), gt(refreshTokens.expiresAt, sql`now()`)))
    .returning({ userId: refreshTokens.userId, familyId: refreshTokens.familyId });
  if (current) {
    await db.insert(refreshTokens).values({ ...next, userId: current.userId, familyId: current.familyId });
    return { status: 'rotated', ...current };
  }
  const [known] = await db
    .select({
      userId: refreshTokens.userId,
      familyId: refreshTokens.familyId,
      revokedAt: refreshTokens.revokedAt,
      inGrace: sql<boolean>`coalesce(${refreshTokens.rotatedAt} > now() - ${graceSeconds} * interval '1 second', false)`,
    })
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, tokenHash));
  if (!known?.revokedAt) return { status: 'invalid' };
  if (known.inGrace) {
    const [successor] = await db
      .select({ id: refreshTokens.id })
      .from(refreshTokens)
      .where(and(eq(refreshTokens.tokenHash, next.tokenHash), eq(refreshTokens.familyId, known.familyId), isNull(refreshTokens.revokedAt)));
    if (successor) return { status: 'raced', userId: known.userId, familyId: known.familyId };
  }
  return { status: 'reused', familyId: known.familyId };
}

/** Revokes every active token of one login. */
export async function revokeFamily(db: UsersDb, familyId: string): Promise<void> {
  await db
    .update(refreshTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
}

/** The login a refresh token belongs to, if the token is still active; the caller revokes it. */
export async function findActiveFamily(db: UsersDb, tokenHash: string): Promise<{ userId: string; familyId: string } | null> {
  const [row] = await db
    .select({ userId: refreshTokens.userId, familyId: refreshTokens.familyId })
    .from(refreshTokens)
    .where(and(eq(refreshTokens.tokenHash, tokenHash), isNull(refreshTokens.revokedAt), gt(refreshTokens.expiresAt, sql`now()`)));
  return row ?? null;
}

/** Logs the user out everywhere: every active refresh token of theirs is revoked. */
export async function revokeAllRefreshTokens(db: UsersDb, userId: string): Promise<void> {
  await db
    .update(refreshTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
}
