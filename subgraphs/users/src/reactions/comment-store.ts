import type { CommentRow } from '@clmb/drizzle/users';
import { and, count, eq, inArray, sql } from 'drizzle-orm';
import type { KeysetCursor } from '@clmb/common';
import { executeRows, schema, type UsersDb } from '../db';

const { blocks, comments, sessions } = schema;

export async function insertComment(tx: UsersDb, values: { sessionId: string; authorId: string; body: string }): Promise<CommentRow> {
  const [row] = await tx.insert(comments).values(values).returning();
  return row!;
}

export async function findCommentsByIds(db: UsersDb, ids: readonly string[]): Promise<CommentRow[]> {
  return await db.select().from(comments).where(inArray(comments.id, [...ids]));
}

/** null when the comment is gone, or its edit window (`editableSince`) closed meanwhile: the UPDATE's condition decides. */
export async function updateCommentBody(db: UsersDb, id: string, body: string, editableSince: Date): Promise<CommentRow | null> {
  const [row] = await db
    .update(comments)
    .set({ body, editedAt: sql`now()` })
    .where(sql`${comments.id} = ${id} and ${comments.createdAt} > ${editableSince.toISOString()}::timestamptz`)
    .returning();
  return row ?? null;
}

export async function deleteComment(db: UsersDb, id: string): Promise<boolean> {
  return (await db.delete(comments).where(eq(comments.id, id)).returning({ id: comments.id })).length > 0;
}

/** Deletes every comment either climber left on a session of the other's, in one statement (a block cleans up). */
export async function deleteCommentsBetween(tx: UsersDb, a: string, b: string): Promise<void> {
  await tx.execute(sql`delete from ${comments} c using ${sessions} s
    where s.id = c.session_id and ((c.author_id = ${a} and s.user_id = ${b}) or (c.author_id = ${b} and s.user_id = ${a}))`);
}

/**
 * Up to `limit` comments of each session after `after`, oldest first, in ONE statement whatever
 * the number of sessions (each session's read from the (session_id, created_at, id) index).
 */
export async function findCommentPages(db: UsersDb, sessionIds: readonly string[], limit: number, after: KeysetCursor | null): Promise<CommentRow[]> {
  const position = after ? sql`and (c.created_at, c.id) > (${after.time.toISOString()}::timestamptz, ${after.id}::uuid)` : sql``;
  const rows = await executeRows<CommentRow>(
    db,
    sql`select p.* from unnest(${sql.param([...sessionIds])}::uuid[]) s(id) cross join lateral (
          select c.id, c.session_id as "sessionId", c.author_id as "authorId", c.body, c.created_at as "createdAt", c.edited_at as "editedAt"
          from ${comments} c where c.session_id = s.id ${position}
          order by c.created_at, c.id limit ${limit}
        ) p`,
  );
  return rows.map((row) => ({ ...row, createdAt: new Date(row.createdAt), editedAt: row.editedAt && new Date(row.editedAt) }));
}

/**
 * How many comments each of these sessions has that `viewerId` may read (none by a climber blocked
 * either way, as the page leaves out), in one statement; sessions without any have no row.
 */
export async function countComments(db: UsersDb, sessionIds: readonly string[], viewerId: string | null): Promise<{ sessionId: string; count: number }[]> {
  const readable = viewerId
    ? sql`not exists (select 1 from ${blocks} b where (b.blocker_id = ${viewerId} and b.blocked_id = ${comments.authorId})
                                               or (b.blocker_id = ${comments.authorId} and b.blocked_id = ${viewerId}))`
    : undefined;
  return await db
    .select({ sessionId: comments.sessionId, count: count() })
    .from(comments)
    .where(and(inArray(comments.sessionId, [...sessionIds]), readable))
    .groupBy(comments.sessionId);
}
