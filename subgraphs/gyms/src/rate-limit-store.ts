import { and, count, eq, gt, min } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { GymsDb } from './db';

/** The writes a rate limit counts in a table: whose they are and when each was made. */
export interface CountedWrites {
  owner: PgColumn;
  time: PgColumn;
}

/**
 * `ownerId`'s writes made after `since`, and when the oldest of them was made: what
 * rate-limits.ts `checkWindow` weighs, read from the table's own timestamps.
 */
export async function countWritesSince(tx: GymsDb, writes: CountedWrites, ownerId: string, since: Date): Promise<{ count: number; oldest: Date | null }> {
  const [row] = await tx
    .select({ count: count(), oldest: min(writes.time) })
    .from(writes.owner.table)
    .where(and(eq(writes.owner, ownerId), gt(writes.time, since)));
  return { count: row?.count ?? 0, oldest: (row?.oldest as Date | null | undefined) ?? null };
}
