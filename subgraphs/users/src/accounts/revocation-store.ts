import { lt, sql } from 'drizzle-orm';
import { executeRows, schema, type UsersDb } from '../db';

const { tokenRevocations } = schema;

interface RevocationRow {
  userId: string;
  generation: number;
  revokedAt: Date;
}

/** Records a user's latest token generation; the caller raised it in the same transaction. */
export async function upsertRevocation(db: UsersDb, userId: string, generation: number): Promise<RevocationRow> {
  const [row] = await db
    .insert(tokenRevocations)
    .values({ userId, generation, revokedAt: sql`now()` })
    .onConflictDoUpdate({ target: tokenRevocations.userId, set: { generation, revokedAt: sql`now()` } })
    .returning();
  if (!row) throw new Error('upsert into users.token_revocation returned no row');
  return row;
}

/**
 * Revocations after `after`, and the database's time they are complete up to, in one statement:
 * an aggregate always answers one row, revocations or not. As JSON text, so both drivers
 * (postgres-js and PGlite) hand back the same thing.
 */
export async function findRevocationsAfter(db: UsersDb, after: Date): Promise<{ asOf: Date; revocations: RevocationRow[] }> {
  const [row] = await executeRows<{ feed: string }>(db, sql`
    select json_build_object('asOf', now(), 'rows', coalesce(json_agg(json_build_object(
      'userId', r.user_id, 'generation', r.generation, 'revokedAt', r.revoked_at)), '[]'::json))::text as feed
    from ${tokenRevocations} r where r.revoked_at > ${after.toISOString()}::timestamptz`);
  const feed = JSON.parse(row?.feed ?? '{}') as { asOf: string; rows: { userId: string; generation: number; revokedAt: string }[] };
  return { asOf: new Date(feed.asOf), revocations: feed.rows.map((r) => ({ ...r, revokedAt: new Date(r.revokedAt) })) };
}

/** Forgets revocations older than any access token still alive. */
export async function pruneRevocations(db: UsersDb, before: Date): Promise<void> {
  await db.delete(tokenRevocations).where(lt(tokenRevocations.revokedAt, before));
}
