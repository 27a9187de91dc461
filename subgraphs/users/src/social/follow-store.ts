import { advisoryXactLock, keysetPages } from '@clmb/common';
import type { FollowCountRow, Visibility } from '@clmb/drizzle/users';
import { and, asc, eq, gt, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { executeRows, schema, type UsersDb } from '../db';

const { users, follows, followRequests, blocks, followCounts } = schema;

/**
 * Serialises every social write between two climbers (follow, request, accept, block ...),
 * whichever of them acts: a block and a follow of one pair never interleave.
 */
export async function lockPair(tx: UsersDb, a: string, b: string): Promise<void> {
  await advisoryXactLock(tx, 'follow-pair', [a, b].sort().join(':'));
}

/** Serialises one climber's writes that a cap counts (follows and requests, blocks). Take it before `lockPair`. */
export async function lockClimber(tx: UsersDb, id: string): Promise<void> {
  await advisoryXactLock(tx, 'follow-climber', id);
}

/** What a follow or block needs of the other climber; null for no account. */
export async function findClimber(tx: UsersDb, id: string): Promise<{ id: string; visibility: Visibility; disabled: boolean } | null> {
  const [row] = await tx.select({ id: users.id, visibility: users.visibility, disabledAt: users.disabledAt }).from(users).where(eq(users.id, id));
  return row ? { id: row.id, visibility: row.visibility, disabled: row.disabledAt !== null } : null;
}

const blockBetween = (a: SQL | PgColumn | string, b: SQL | PgColumn | string) =>
  or(and(eq(blocks.blockerId, a), eq(blocks.blockedId, b)), and(eq(blocks.blockerId, b), eq(blocks.blockedId, a)));

/** Whether either climber blocked the other. */
export async function blockedEitherWay(tx: UsersDb, a: string, b: string): Promise<boolean> {
  const [row] = await tx.select({ one: sql`1` }).from(blocks).where(blockBetween(a, b)).limit(1);
  return row !== undefined;
}

export async function isFollowing(tx: UsersDb, followerId: string, followeeId: string): Promise<boolean> {
  const [row] = await tx.select({ one: sql`1` }).from(follows).where(and(eq(follows.followerId, followerId), eq(follows.followeeId, followeeId)));
  return row !== undefined;
}

/** False when the follow was already there. */
export async function insertFollow(tx: UsersDb, followerId: string, followeeId: string): Promise<boolean> {
  const rows = await tx.insert(follows).values({ followerId, followeeId }).onConflictDoNothing().returning({ followerId: follows.followerId });
  return rows.length > 0;
}

/** False when the request was already there. */
export async function insertFollowRequest(tx: UsersDb, requesterId: string, targetId: string): Promise<boolean> {
  const rows = await tx.insert(followRequests).values({ requesterId, targetId }).onConflictDoNothing().returning({ requesterId: followRequests.requesterId });
  return rows.length > 0;
}

/** False when there was no such follow. */
export async function deleteFollow(tx: UsersDb, followerId: string, followeeId: string): Promise<boolean> {
  const rows = await tx
    .delete(follows)
    .where(and(eq(follows.followerId, followerId), eq(follows.followeeId, followeeId)))
    .returning({ followerId: follows.followerId });
  return rows.length > 0;
}

/** False when there was no such request. */
export async function deleteFollowRequest(tx: UsersDb, requesterId: string, targetId: string): Promise<boolean> {
  const rows = await tx
    .delete(followRequests)
    .where(and(eq(followRequests.requesterId, requesterId), eq(followRequests.targetId, targetId)))
    .returning({ requesterId: followRequests.requesterId });
  return rows.length > 0;
}

/** The climbers `id` follows plus those they asked to follow: what the following cap counts. */
export async function countFollowingAndRequested(tx: UsersDb, id: string): Promise<number> {
  const [row] = await executeRows<{ count: number }>(
    tx,
    sql`select (select count(*) from ${follows} where ${follows.followerId} = ${id})
             + (select count(*) from ${followRequests} where ${followRequests.requesterId} = ${id}) as "count"`,
  );
  return Number(row?.count ?? 0);
}

export async function countBlocked(tx: UsersDb, blockerId: string): Promise<number> {
  const [row] = await tx.select({ count: sql<number>`count(*)::int` }).from(blocks).where(eq(blocks.blockerId, blockerId));
  return row?.count ?? 0;
}

/** False when `blocker` had already blocked `blocked`. */
export async function insertBlock(tx: UsersDb, blockerId: string, blockedId: string): Promise<boolean> {
  const rows = await tx.insert(blocks).values({ blockerId, blockedId }).onConflictDoNothing().returning({ blockerId: blocks.blockerId });
  return rows.length > 0;
}

/** False when there was no such block. */
export async function deleteBlock(tx: UsersDb, blockerId: string, blockedId: string): Promise<boolean> {
  const rows = await tx
    .delete(blocks)
    .where(and(eq(blocks.blockerId, blockerId), eq(blocks.blockedId, blockedId)))
    .returning({ blockerId: blocks.blockerId });
  return rows.length > 0;
}

/** Ends every follow and follow request between the two climbers, either way round. */
export async function deleteFollowsBetween(tx: UsersDb, a: string, b: string): Promise<void> {
  await tx.delete(follows).where(or(and(eq(follows.followerId, a), eq(follows.followeeId, b)), and(eq(follows.followerId, b), eq(follows.followeeId, a))));
  await tx
    .delete(followRequests)
    .where(or(and(eq(followRequests.requesterId, a), eq(followRequests.targetId, b)), and(eq(followRequests.requesterId, b), eq(followRequests.targetId, a))));
}

/** The counts of these climbers; none for a climber who never followed nor was followed. */
export async function findFollowCounts(db: UsersDb, ids: readonly string[]): Promise<FollowCountRow[]> {
  return await db.select().from(followCounts).where(inArray(followCounts.userId, [...ids]));
}

/** The viewer's standing with one climber: what they did (follow, ask, block), and whether the climber follows them. */
export interface StandingRow {
  userId: string;
  following: boolean;
  requested: boolean;
  blocking: boolean;
  followsViewer: boolean;
}

/** The viewer's standing with each of these climbers, in one statement; climbers with no account have no row. */
export async function findStandings(db: UsersDb, viewerId: string, ids: readonly string[]): Promise<StandingRow[]> {
  return await executeRows<StandingRow>(
    db,
    sql`select ${users.id} as "userId",
          exists (select 1 from ${follows} where ${follows.followerId} = ${viewerId} and ${follows.followeeId} = ${users.id}) as "following",
          exists (select 1 from ${followRequests} where ${followRequests.requesterId} = ${viewerId} and ${followRequests.targetId} = ${users.id}) as "requested",
          exists (select 1 from ${blocks} where ${blocks.blockerId} = ${viewerId} and ${blocks.blockedId} = ${users.id}) as "blocking",
          exists (select 1 from ${follows} where ${follows.followerId} = ${users.id} and ${follows.followeeId} = ${viewerId}) as "followsViewer"
        from ${users} where ${users.id} = any(${sql.param([...ids])}::uuid[])`,
  );
}

// A list shown to a viewer leaves out the climbers a block stands between them and the viewer
// (the `viewerId` placeholder; null for a viewer without a token, who is blocked by nobody).
const viewer = sql`${sql.placeholder('viewerId')}::uuid`;
const noBlockWithViewer = (member: PgColumn) => sql`not exists (select 1 from ${blocks} where ${blockBetween(viewer, member)})`;

/** A climber's followers, newest follow first. */
export const findFollowerPages = keysetPages(follows, { parent: follows.followeeId, time: follows.createdAt, id: follows.followerId }, 'first_follower_pages', {
  where: noBlockWithViewer(follows.followerId),
});
/** The climbers a climber follows, newest follow first. */
export const findFollowingPages = keysetPages(follows, { parent: follows.followerId, time: follows.createdAt, id: follows.followeeId }, 'first_following_pages', {
  where: noBlockWithViewer(follows.followeeId),
});
/** The requests waiting for a climber, newest first (a block deletes the requests between a pair). */
export const findFollowRequestPages = keysetPages(
  followRequests,
  { parent: followRequests.targetId, time: followRequests.createdAt, id: followRequests.requesterId },
  'first_follow_request_pages',
);
/** The climbers a climber blocked, newest block first. */
export const findBlockPages = keysetPages(blocks, { parent: blocks.blockerId, time: blocks.createdAt, id: blocks.blockedId }, 'first_block_pages');

/** `lower(username)` in byte order, as user_username_prefix_idx holds it. */
const usernameKey = sql`(lower(${users.username}) collate "C")`;

/**
 * Up to `limit` active climbers whose username starts with `prefix` (lower case; LIKE's `%`, `_`
 * and `\` are taken literally), after the username `after`, by username, leaving out climbers a
 * block stands between them and the viewer.
 */
export async function searchByUsernamePrefix(db: UsersDb, viewerId: string, prefix: string, limit: number, after: string | null) {
  const pattern = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return await db
    .select()
    .from(users)
    .where(
      and(
        sql`${usernameKey} like ${pattern} escape '\\'`,
        after === null ? undefined : gt(usernameKey, after),
        isNull(users.disabledAt),
        sql`not exists (select 1 from ${blocks} where ${blockBetween(viewerId, users.id)})`,
      ),
    )
    .orderBy(asc(usernameKey))
    .limit(limit);
}
