import type { NotificationKind, NotificationRow } from '@clmb/drizzle/users';
import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { KeysetCursor } from '@clmb/common';
import { executeRows, schema, type UsersDb } from '../db';

const { notifications, notificationWatermarks, notificationOnce, users, preferences, blocks } = schema;

export type NewNotification = typeof notifications.$inferInsert;

/** Writes notifications in the caller's transaction, in one statement. */
export async function insertNotifications(tx: UsersDb, values: readonly NewNotification[]): Promise<NotificationRow[]> {
  if (values.length === 0) return [];
  return await tx.insert(notifications).values([...values]).returning();
}

/** What notify() needs to know of a recipient: whether the account can be told, and how. */
export interface RecipientRow {
  id: string;
  email: string;
  emailVerified: boolean;
  disabled: boolean;
  muted: NotificationKind[];
  mailed: NotificationKind[];
}

/** The recipients' accounts and notification preferences (the defaults without a preference row), one statement. */
export async function findRecipients(db: UsersDb, ids: readonly string[]): Promise<RecipientRow[]> {
  if (ids.length === 0) return [];
  return await db
    .select({
      id: users.id,
      email: users.email,
      emailVerified: users.emailVerified,
      disabled: sql<boolean>`${users.disabledAt} is not null`,
      muted: sql<NotificationKind[]>`coalesce(${preferences.mutedNotificationKinds}, '{}')`,
      mailed: sql<NotificationKind[]>`coalesce(${preferences.mailedNotificationKinds}, '{}')`,
    })
    .from(users)
    .leftJoin(preferences, eq(preferences.userId, users.id))
    .where(inArray(users.id, [...ids]));
}

/**
 * Claims each (recipient, key) occasion once: answers the pairs not claimed before (concurrent
 * claims of one pair: exactly one wins, by the primary key).
 */
export async function claimOnce(tx: UsersDb, claims: readonly { recipientId: string; key: string }[]): Promise<{ recipientId: string; key: string }[]> {
  if (claims.length === 0) return [];
  return await tx
    .insert(notificationOnce)
    .values([...claims])
    .onConflictDoNothing()
    .returning({ recipientId: notificationOnce.recipientId, key: notificationOnce.key });
}

// A notification whose actor and recipient blocked each other (either way round) is left out:
// the rule's BLOCKED relation (privacy/rule.ts), over a page's rows in SQL so pages stay full.
const notBlocked = sql`not exists (select 1 from ${blocks}
  where (${blocks.blockerId} = ${notifications.recipientId} and ${blocks.blockedId} = ${notifications.actorId})
     or (${blocks.blockerId} = ${notifications.actorId} and ${blocks.blockedId} = ${notifications.recipientId}))`;

const before = (cursor: KeysetCursor): SQL =>
  sql`(${notifications.createdAt}, ${notifications.id}) < (${cursor.time.toISOString()}::timestamptz, ${cursor.id}::uuid)`;

/** Up to `limit` of the recipient's notifications after `after`, newest first (the recipient's index, keyset (created_at, id)). */
export async function findNotificationPage(db: UsersDb, recipientId: string, limit: number, after: KeysetCursor | null): Promise<NotificationRow[]> {
  return await db
    .select()
    .from(notifications)
    .where(and(eq(notifications.recipientId, recipientId), notBlocked, after ? before(after) : undefined))
    // NULLS LAST, as drizzle-kit wrote the index's DESC (see keysetPages): the index then gives the order.
    .orderBy(sql`${notifications.createdAt} desc nulls last`, sql`${notifications.id} desc nulls last`)
    .limit(limit);
}

/** How many of the recipient's notifications are newer than the watermark (all without one). */
export async function countUnread(db: UsersDb, recipientId: string, watermark: KeysetCursor | null): Promise<number> {
  const newer = watermark && sql`(${notifications.createdAt}, ${notifications.id}) > (${watermark.time.toISOString()}::timestamptz, ${watermark.id}::uuid)`;
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.recipientId, recipientId), notBlocked, newer ?? undefined));
  return row?.count ?? 0;
}

/** Notifications by id, whoever they are for; those whose actor and recipient blocked each other are left out. */
export async function findNotificationsByIds(db: UsersDb, ids: readonly string[]): Promise<NotificationRow[]> {
  return await db
    .select()
    .from(notifications)
    .where(and(inArray(notifications.id, [...ids]), notBlocked));
}

export async function findWatermarks(db: UsersDb, userIds: readonly string[]) {
  return await db.select().from(notificationWatermarks).where(inArray(notificationWatermarks.userId, [...userIds]));
}

/** Moves the recipient's watermark to `to`, never back: answers the watermark now. */
export async function raiseWatermark(db: UsersDb, userId: string, to: KeysetCursor): Promise<KeysetCursor> {
  const [row] = await executeRows<{ readAt: string | Date; readId: string }>(
    db,
    sql`insert into ${notificationWatermarks} as w (user_id, read_at, read_id) values (${userId}, ${to.time.toISOString()}::timestamptz, ${to.id}::uuid)
        on conflict (user_id) do update set read_at = greatest(w.read_at, excluded.read_at),
          read_id = case when (excluded.read_at, excluded.read_id) > (w.read_at, w.read_id) then excluded.read_id else w.read_id end
        returning read_at as "readAt", read_id as "readId"`,
  );
  return { time: new Date(row!.readAt), id: row!.readId };
}

/** How much one pruning pass deletes at most per statement, so that it costs the same however much piled up. */
export const PRUNE_BATCH = 1000;

/**
 * Deletes, oldest first and at most `batch` rows each: notifications and once-claims older than
 * `maxAgeDays`; and of each of `recipientIds`, the notifications past their newest `keep`.
 */
export async function pruneNotifications(db: UsersDb, options: { maxAgeDays: number; keep: number; recipientIds: readonly string[]; batch?: number }): Promise<void> {
  const { maxAgeDays, keep, recipientIds, batch = PRUNE_BATCH } = options;
  const cutoff = sql`now() - make_interval(days => ${maxAgeDays}::int)`;
  await db.execute(sql`delete from ${notifications} where id in (
    select id from ${notifications} where created_at < ${cutoff} order by created_at limit ${batch})`);
  await db.execute(sql`delete from ${notificationOnce} where (recipient_id, key) in (
    select recipient_id, key from ${notificationOnce} where created_at < ${cutoff} order by created_at limit ${batch})`);
  if (recipientIds.length === 0) return;
  // Each recipient's rows past the newest `keep`, read through the (recipient, created_at, id) index.
  await db.execute(sql`delete from ${notifications} where id in (
    select n.id from unnest(${sql.param([...recipientIds])}::uuid[]) as r(id)
    cross join lateral (select id from ${notifications} where recipient_id = r.id
                        order by created_at desc, id desc offset ${keep} limit ${batch}) as n)`);
}
