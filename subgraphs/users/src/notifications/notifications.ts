import {
  type Connection,
  ForbiddenError,
  invalidField,
  type KeysetCursor,
  keysetKey,
  loadReference,
  pageSize,
  parseId,
  parseInput,
  parseKeysetAfter,
  fields,
  ref,
  requireViewer,
  toConnection,
  type PageArgs,
} from '@clmb/common';
import type { ClimbRow, NotificationRow, SessionRow, UserRow } from '@clmb/drizzle/users';
import { z } from 'zod';
import type { Context } from '../context';
import { relationTo } from '../privacy/privacy';
import * as store from './notification-store';

/** A page of one recipient's notifications; `unreadCount` is counted for `recipientId` when asked for. */
export interface NotificationConnectionParent extends Connection<NotificationRow> {
  recipientId: string;
}

/** `User.notifications`: the user themself only, an ADMIN neither (they are nobody else's business). */
export async function userNotifications(ctx: Context, user: UserRow, args: PageArgs): Promise<NotificationConnectionParent> {
  const viewer = requireViewer(ctx.viewer);
  if (viewer.id !== user.id) throw new ForbiddenError('You may only see your own notifications.');
  const size = pageSize(args.first);
  const after = parseKeysetAfter(args.after);
  const rows = await store.findNotificationPage(ctx.db, user.id, size + 1, after);
  for (const row of rows) ctx.loaders.notificationById.prime(row.id, row);
  return { ...toConnection(rows, size, (row) => keysetKey(row.createdAt, row.id), after !== null), recipientId: user.id };
}

async function watermarkOf(ctx: Context, userId: string): Promise<KeysetCursor | null> {
  const row = await ctx.loaders.notificationWatermarkByUserId.load(userId);
  return row && { time: row.readAt, id: row.readId };
}

export const unreadCount = async (ctx: Context, connection: NotificationConnectionParent): Promise<number> =>
  store.countUnread(ctx.db, connection.recipientId, await watermarkOf(ctx, connection.recipientId));

/** At or before the watermark in the list's order (created_at, then id; uuids compare as their lower-case text). */
export async function isRead(ctx: Context, notification: NotificationRow): Promise<boolean> {
  const mark = await watermarkOf(ctx, notification.recipientId);
  if (!mark) return false;
  const time = notification.createdAt.getTime();
  return time < mark.time.getTime() || (time === mark.time.getTime() && notification.id <= mark.id);
}

/** The viewer's own notification; null for anyone else's (an ADMIN's too), an unknown id or none without a token. */
async function ownNotification(ctx: Context, id: string): Promise<NotificationRow | null> {
  if (!ctx.viewer) return null;
  const row = await ctx.loaders.notificationById.load(id);
  return row?.recipientId === ctx.viewer.id ? row : null;
}

/** `Query.notification`, which the router's subscription resolves each event through. */
export const notification = (ctx: Context, args: { id: unknown }): Promise<NotificationRow | null> => ownNotification(ctx, parseId(args.id));

export async function notificationReference(ctx: Context, reference: { id?: unknown }): Promise<NotificationRow | null> {
  const row = await loadReference(ctx.loaders.notificationById, reference);
  return row && ctx.viewer?.id === row.recipientId ? row : null;
}

const markInput = z.object({ upTo: fields.id });

/** `markNotificationsRead`: the watermark moves to `upTo` (never back); answers the viewer, whose lists read it again. */
export async function markNotificationsRead(ctx: Context, args: unknown): Promise<UserRow> {
  const { upTo } = parseInput(markInput, args);
  const viewer = requireViewer(ctx.viewer);
  const row = await ownNotification(ctx, upTo);
  if (!row) throw invalidField('input.upTo', 'is not one of your notifications');
  const mark = await store.raiseWatermark(ctx.db, viewer.id, { time: row.createdAt, id: row.id });
  ctx.loaders.notificationWatermarkByUserId.clear(viewer.id).prime(viewer.id, { userId: viewer.id, readAt: mark.time, readId: mark.id });
  const user = await ctx.loaders.userById.load(viewer.id);
  if (!user) throw new ForbiddenError('Your account no longer exists.');
  return user;
}

/** The actor's profile, unless a block now stands between the two (privacy's rule: the actor is hidden). */
export async function actor(ctx: Context, notification: NotificationRow): Promise<UserRow | null> {
  if (!notification.actorId || (await relationTo(ctx, notification.actorId)) === 'BLOCKED') return null;
  return ctx.loaders.userById.load(notification.actorId);
}

/** The recipient's own session it concerns. */
export async function session(ctx: Context, notification: NotificationRow): Promise<SessionRow | null> {
  const row = notification.sessionId ? await ctx.loaders.sessionById.load(notification.sessionId) : null;
  return row?.userId === notification.recipientId ? row : null;
}

/** The recipient's own climb it concerns. */
export async function climb(ctx: Context, notification: NotificationRow): Promise<ClimbRow | null> {
  const row = notification.climbId ? await ctx.loaders.climbById.load(notification.climbId) : null;
  const owner = row && (await ctx.loaders.sessionById.load(row.sessionId));
  return owner?.userId === notification.recipientId ? row : null;
}

export const route = (notification: NotificationRow) => ref('Route', notification.routeId);
export const gym = (notification: NotificationRow) => ref('Gym', notification.gymId);
