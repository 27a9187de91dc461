import type { KudosRow } from '@clmb/drizzle/users';
import { and, count, eq, inArray, sql } from 'drizzle-orm';
import { schema, type UsersDb } from '../db';

const { kudos, sessions, climbs } = schema;

/** What a kudos is on: a session or a climb, never both. */
export type KudosSubject = { sessionId: string; climbId?: undefined } | { climbId: string; sessionId?: undefined };

const onSubject = (subject: KudosSubject) => (subject.sessionId ? eq(kudos.sessionId, subject.sessionId) : eq(kudos.climbId, subject.climbId!));

/** null when the climber has already given kudos on it (the unique index decides, whatever runs at once). */
export async function insertKudos(tx: UsersDb, giverId: string, subject: KudosSubject): Promise<KudosRow | null> {
  const [row] = await tx
    .insert(kudos)
    .values({ giverId, sessionId: subject.sessionId ?? null, climbId: subject.climbId ?? null })
    .onConflictDoNothing()
    .returning();
  return row ?? null;
}

/** The deleted kudos' id; null when there was none. */
export async function deleteKudos(db: UsersDb, giverId: string, subject: KudosSubject): Promise<string | null> {
  const [row] = await db.delete(kudos).where(and(eq(kudos.giverId, giverId), onSubject(subject))).returning({ id: kudos.id });
  return row?.id ?? null;
}

/** Deletes every kudos either climber gave on a session or send of the other's, in one statement (a block cleans up). */
export async function deleteKudosBetween(tx: UsersDb, a: string, b: string): Promise<void> {
  await tx.execute(sql`delete from ${kudos} k
    where (k.giver_id = ${a} or k.giver_id = ${b})
      and (select s.user_id from ${sessions} s where s.id = coalesce(k.session_id, (select c.session_id from ${climbs} c where c.id = k.climb_id)))
          = case when k.giver_id = ${a} then ${b}::uuid else ${a}::uuid end`);
}

export async function findKudosByIds(db: UsersDb, ids: readonly string[]): Promise<KudosRow[]> {
  return await db.select().from(kudos).where(inArray(kudos.id, [...ids]));
}

type Column = 'sessionId' | 'climbId';

/** How many kudos each of these sessions (or climbs) has, in one statement; items without any have no row. */
export async function countKudos(db: UsersDb, column: Column, ids: readonly string[]): Promise<{ id: string; count: number }[]> {
  const rows = await db
    .select({ id: kudos[column], count: count() })
    .from(kudos)
    .where(inArray(kudos[column], [...ids]))
    .groupBy(kudos[column]);
  return rows.map((row) => ({ id: row.id!, count: row.count }));
}

/** Which of these sessions (or climbs) `giverId` gave kudos on, in one statement. */
export async function findKudoed(db: UsersDb, giverId: string, column: Column, ids: readonly string[]): Promise<string[]> {
  const rows = await db
    .select({ id: kudos[column] })
    .from(kudos)
    .where(and(eq(kudos.giverId, giverId), inArray(kudos[column], [...ids])));
  return rows.map((row) => row.id!);
}
