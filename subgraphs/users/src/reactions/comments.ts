import {
  type Connection,
  fields,
  ForbiddenError,
  invalidField,
  keysetKey,
  pageSize,
  parseInput,
  parseKeysetAfter,
  present,
  requireViewer,
  toConnection,
  TooManyRequestsError,
  type PageArgs,
} from '@clmb/common';
import type { CommentRow, SessionRow, UserRow } from '@clmb/drizzle/users';
import { z } from 'zod';
import { hitBuckets } from '../accounts/auth/login-throttle-store';
import type { Context } from '../context';
import { notify } from '../notifications/notify';
import { canSee, relationTo } from '../privacy/privacy';
import * as store from './comment-store';

export type CommentConnectionParent = Connection<CommentRow>;

/** How long after writing it its author may edit a comment. */
export const EDIT_WINDOW_MS = 15 * 60_000;
/** At most this many comments per climber in a window of `COMMENT_WINDOW_SECONDS`. */
export const MAX_COMMENTS_PER_WINDOW = 20;
export const COMMENT_WINDOW_SECONDS = 600;

// 1–1000 characters after trimming; no control characters but line breaks and tabs.
const body = fields.optionalText(1000, { multiline: true }).refine((text) => text !== null, 'must not be empty');
const addInput = z.object({ sessionId: fields.id, body });
const editInput = z.object({ commentId: fields.id, body });
const deleteInput = z.object({ commentId: fields.id });

/** A session the viewer may see (its owner's account, narrowed by it); the unknown-id error otherwise, naming `field`. */
async function visibleSession(ctx: Context, sessionId: string, field: string): Promise<SessionRow> {
  const session = await ctx.loaders.sessionById.load(sessionId);
  if (!session || !(await canSee(ctx, session.userId, session.visibility))) throw invalidField(field, 'no session with this id');
  return session;
}

/**
 * A comment on a session the viewer may see, by a climber not blocked either way (but any on the
 * viewer's own session, which its owner may delete); as for none otherwise.
 */
async function visibleComment(ctx: Context, commentId: string): Promise<{ comment: CommentRow; session: SessionRow }> {
  const comment = await ctx.loaders.commentById.load(commentId);
  const session = comment && (await visibleSession(ctx, comment.sessionId, 'input.commentId').catch(() => null));
  const hidden = session && session.userId !== ctx.viewer?.id && (await relationTo(ctx, comment.authorId)) === 'BLOCKED';
  if (!comment || !session || hidden) throw invalidField('input.commentId', 'no comment with this id');
  return { comment, session };
}

/** A comment on a session the viewer may see; rate-limited per climber; the session's owner is notified. */
export async function addComment(ctx: Context, args: unknown): Promise<CommentRow> {
  const viewer = requireViewer(ctx.viewer);
  const input = parseInput(addInput, args);
  const session = await visibleSession(ctx, input.sessionId, 'input.sessionId');
  // Counted in Postgres, so every replica shares the limit (the log-in throttle's buckets).
  const [hit] = await hitBuckets(ctx.db, [{ key: `comment:${viewer.id}`, windowSeconds: COMMENT_WINDOW_SECONDS }]);
  if (hit && hit.count > MAX_COMMENTS_PER_WINDOW) throw new TooManyRequestsError(hit.retryAfterSeconds);
  const { row, announce } = await ctx.db.transaction(async (tx) => {
    const inserted = await store.insertComment(tx, { sessionId: session.id, authorId: viewer.id, body: input.body! });
    return { row: inserted, announce: await notify(ctx, tx, { recipientId: session.userId, kind: 'COMMENT', actorId: viewer.id, sessionId: session.id }) };
  });
  announce();
  forget(ctx, session.id);
  ctx.loaders.commentById.prime(row.id, row);
  return row;
}

/** The author changes their comment within 15 minutes of writing it. */
export async function editComment(ctx: Context, args: unknown): Promise<CommentRow> {
  const viewer = requireViewer(ctx.viewer);
  const input = parseInput(editInput, args);
  const { comment } = await visibleComment(ctx, input.commentId);
  if (comment.authorId !== viewer.id) throw new ForbiddenError('Only its author edits a comment.');
  const row = await store.updateCommentBody(ctx.db, comment.id, input.body!, new Date(Date.now() - EDIT_WINDOW_MS));
  if (!row) throw invalidField('input.commentId', 'can no longer be edited: comments are editable for 15 minutes after they are written');
  forget(ctx, comment.sessionId);
  ctx.loaders.commentById.clear(row.id).prime(row.id, row);
  return row;
}

/** By its author or the session's owner; returns the deleted comment's id. */
export async function deleteComment(ctx: Context, args: unknown): Promise<string> {
  const viewer = requireViewer(ctx.viewer);
  const input = parseInput(deleteInput, args);
  const { comment, session } = await visibleComment(ctx, input.commentId);
  if (comment.authorId !== viewer.id && session.userId !== viewer.id) throw new ForbiddenError("Only its author or the session's owner deletes a comment.");
  if (!(await store.deleteComment(ctx.db, comment.id))) throw invalidField('input.commentId', 'no comment with this id');
  forget(ctx, comment.sessionId);
  ctx.loaders.commentById.clear(comment.id);
  return comment.id;
}

function forget(ctx: Context, sessionId: string): void {
  ctx.loaders.commentCountBySessionId.clear(sessionId);
  ctx.loaders.commentPage.clearAll();
}

/**
 * `Session.comments`, oldest first, for those who may see the session (FORBIDDEN otherwise);
 * comments of climbers blocked either way are left out of the page.
 */
export async function sessionComments(ctx: Context, session: SessionRow, args: PageArgs): Promise<CommentConnectionParent> {
  if (!(await canSee(ctx, session.userId, session.visibility))) throw new ForbiddenError("You may not see this climber's session.");
  const size = pageSize(args.first);
  const after = parseKeysetAfter(args.after);
  const rows = await ctx.loaders.commentPage.load({ sessionId: session.id, limit: size + 1, after });
  const connection = toConnection(rows, size, (row) => keysetKey(row.createdAt, row.id), after !== null);
  const relations = await Promise.all(connection.edges.map((edge) => relationTo(ctx, edge.node.authorId)));
  connection.edges = connection.edges.filter((_, i) => relations[i] !== 'BLOCKED');
  return connection;
}

export const sessionCommentCount = (ctx: Context, session: SessionRow) => ctx.loaders.commentCountBySessionId.load(session.id);

export const commentAuthor = async (ctx: Context, comment: CommentRow): Promise<UserRow> =>
  present(await ctx.loaders.userById.load(comment.authorId), `user ${comment.authorId} of comment ${comment.id}`);

export const commentSession = async (ctx: Context, comment: CommentRow): Promise<SessionRow> =>
  present(await ctx.loaders.sessionById.load(comment.sessionId), `session ${comment.sessionId} of comment ${comment.id}`);
