import type { Discipline, FeedItemRow } from '@clmb/drizzle/users';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { KeysetCursor } from '@clmb/common';
import { executeRows, schema, type UsersDb } from '../db';

const { feedItems, follows, climbs, sessions } = schema;

export type NewFeedItem = typeof feedItems.$inferInsert;

/** Writes feed items in the caller's transaction; an item already there (the same send, rating or session's end) is kept. */
export async function insertFeedItems(tx: UsersDb, items: readonly NewFeedItem[]): Promise<FeedItemRow[]> {
  if (items.length === 0) return [];
  return await tx.insert(feedItems).values([...items]).onConflictDoNothing().returning();
}

export async function findFeedItemsByIds(db: UsersDb, ids: readonly string[]): Promise<FeedItemRow[]> {
  return await db.select().from(feedItems).where(inArray(feedItems.id, [...ids]));
}

/** A climb that is no send any more is no news either. */
export async function deleteSendItems(tx: UsersDb, climbId: string): Promise<void> {
  await tx.delete(feedItems).where(and(eq(feedItems.climbId, climbId), inArray(feedItems.kind, ['HARDEST_SEND', 'FIRST_SEND_OF_GRADE'])));
}

/** A rating whose comment was taken away: its item goes. */
export async function deleteRatingItem(tx: UsersDb, ratingId: string): Promise<void> {
  await tx.delete(feedItems).where(eq(feedItems.ratingId, ratingId));
}

/**
 * Up to `limit` items of the climbers `followerId` follows, newest first, after `after`: merged
 * on read in ONE statement, each followed climber's newest `limit` read from the
 * (actor_id, created_at desc, id desc) index and the union cut to `limit`. A follow ended is
 * gone from the next page. The inner order says `nulls last` as the index does: with `desc`
 * alone (nulls first) Postgres reads and sorts each climber's whole history instead (10x slower
 * in scripts/bench/feed-fanout.ts).
 */
export async function findFeedPage(db: UsersDb, followerId: string, limit: number, after: KeysetCursor | null): Promise<FeedItemRow[]> {
  const position = after ? sql`and (i.created_at, i.id) < (${after.time.toISOString()}::timestamptz, ${after.id}::uuid)` : sql``;
  return await executeRows<FeedItemRow>(
    db,
    sql`select p.* from ${follows} f cross join lateral (
          select i.id, i.actor_id as "actorId", i.kind, i.session_id as "sessionId", i.climb_id as "climbId",
                 i.rating_id as "ratingId", i.project_id as "projectId", i.route_id as "routeId", i.created_at as "createdAt"
          from ${feedItems} i where i.actor_id = f.followee_id ${position}
          order by i.created_at desc nulls last, i.id desc nulls last limit ${limit}
        ) p
        where f.follower_id = ${followerId}
        order by p."createdAt" desc, p.id desc limit ${limit}`,
  ).then((rows) => rows.map((row) => ({ ...row, createdAt: new Date(row.createdAt) })));
}

/** Who follows `userId`: whom a new item of theirs is announced to. */
export async function findFollowerIds(db: UsersDb, userId: string): Promise<string[]> {
  const rows = await db.select({ id: follows.followerId }).from(follows).where(eq(follows.followeeId, userId));
  return rows.map((row) => row.id);
}

/** The hardest earlier send of the climber in a discipline, and whether one was on this scale step; one statement. */
export async function findEarlierSends(tx: UsersDb, userId: string, discipline: Discipline, gradeScale: number, exceptClimbId: string) {
  const [row] = await tx
    .select({
      hardest: sql<number | null>`max(${climbs.gradeScale})`,
      sameGrade: sql<boolean>`coalesce(bool_or(${climbs.gradeScale} = ${gradeScale}), false)`,
    })
    .from(climbs)
    .innerJoin(sessions, eq(sessions.id, climbs.sessionId))
    .where(and(eq(sessions.userId, userId), eq(climbs.sent, true), eq(climbs.discipline, discipline), sql`${climbs.id} <> ${exceptClimbId}`));
  return { hardest: row?.hardest ?? null, sameGrade: row?.sameGrade ?? false };
}

/** Each route's earliest send of the climber's (the climb that made a project SENT). */
export async function findFirstSends(tx: UsersDb, userId: string, routeIds: readonly string[]) {
  if (routeIds.length === 0) return [];
  return await tx
    .selectDistinctOn([climbs.routeId], { id: climbs.id, sessionId: climbs.sessionId, routeId: climbs.routeId })
    .from(climbs)
    .innerJoin(sessions, eq(sessions.id, climbs.sessionId))
    .where(and(eq(sessions.userId, userId), eq(climbs.sent, true), inArray(climbs.routeId, [...routeIds])))
    .orderBy(climbs.routeId, climbs.createdAt, climbs.id);
}
