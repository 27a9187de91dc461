import { type Connection, encodeCursor, ForbiddenError, invalidField, keysetKey, loadReference, parseId, parseKeysetAfter, present, ref, requireViewer, toConnection, topics, type PageArgs } from '@clmb/common';
import type { ClimbRow, FeedItemRow, ProjectRow, RatingRow, SessionRow, UserRow } from '@clmb/drizzle/users';
import type { Context } from '../context';
import type { UsersDb } from '../db';
import { visibleItems } from '../privacy/privacy';
import * as store from './feed-store';

export type FeedConnectionParent = Connection<FeedItemRow>;

/** The most items a feed page holds. */
export const MAX_FEED_PAGE = 50;
// Items the viewer may not see (a session narrowed to PRIVATE) are left out of a page; a page
// reads at most this many batches of candidates, so its statements stay bounded however many
// are left out, and says hasNextPage when it stopped early.
const MAX_BATCHES = 3;

/** After a write's commit: tells each follower of the items' actors that their feed has something new. */
export type AnnounceFeedItems = () => void;

/**
 * Returns what announces `items` once the write that recorded them commits: one batch publish of
 * `feedItemAdded` for every follower of each item's climber (the router resolves each
 * subscriber's `feedItem(id)` with the subscriber's token, so privacy decides there). The
 * followers are read after the commit; a failure costs live updates, never the write.
 */
export function announcer(ctx: Context, items: readonly FeedItemRow[]): AnnounceFeedItems {
  if (items.length === 0) return () => {};
  return () => {
    void (async () => {
      const events = [];
      for (const actorId of new Set(items.map((item) => item.actorId))) {
        const followers = await store.findFollowerIds(ctx.db, actorId);
        for (const item of items.filter((i) => i.actorId === actorId)) {
          for (const followerId of followers) events.push({ topic: topics.feedItemAdded(followerId), entity: { __typename: 'FeedItem', id: item.id } });
        }
      }
      if (events.length > 0) ctx.events.publish(events);
    })().catch((error: unknown) => ctx.logger.warn({ err: error }, 'feed items were recorded but not announced'));
  };
}

/** endSession, in its transaction: the session's end is news for the climber's followers. */
export const recordSessionEnded = (tx: UsersDb, session: SessionRow) =>
  store.insertFeedItems(tx, [{ actorId: session.userId, kind: 'SESSION_ENDED', sessionId: session.id, createdAt: session.endTime ?? new Date() }]);

/**
 * A send just written (logClimb, or updateClimb making a climb one), in its transaction: a
 * HARDEST_SEND when it is harder than every earlier send of its discipline on the scale the
 * climbs carry, else a FIRST_SEND_OF_GRADE when no earlier send was on its grade's step. A
 * climber's very first send is the first of its grade, not their hardest.
 */
export async function recordSend(tx: UsersDb, userId: string, climb: ClimbRow): Promise<FeedItemRow[]> {
  if (!climb.sent || climb.gradeScale === null || !climb.discipline) return [];
  const earlier = await store.findEarlierSends(tx, userId, climb.discipline, climb.gradeScale, climb.id);
  const kind = earlier.hardest !== null && climb.gradeScale > earlier.hardest ? 'HARDEST_SEND' : earlier.sameGrade ? null : 'FIRST_SEND_OF_GRADE';
  if (!kind) return [];
  return await store.insertFeedItems(tx, [{ actorId: userId, kind, sessionId: climb.sessionId, climbId: climb.id, routeId: climb.routeId }]);
}

/** updateClimb made a climb no send: it is no news any more. */
export const forgetSend = (tx: UsersDb, climbId: string) => store.deleteSendItems(tx, climbId);

/** Projects that just became SENT (projects' sync), with the send that made them: in the write's transaction. */
export async function recordProjectsSent(tx: UsersDb, userId: string, projects: readonly ProjectRow[]): Promise<FeedItemRow[]> {
  if (projects.length === 0) return [];
  const sends = new Map((await store.findFirstSends(tx, userId, projects.map((p) => p.routeId))).map((send) => [send.routeId, send]));
  return await store.insertFeedItems(
    tx,
    projects.flatMap((project) => {
      const send = sends.get(project.routeId);
      return send ? [{ actorId: userId, kind: 'PROJECT_SENT' as const, projectId: project.id, routeId: project.routeId, sessionId: send.sessionId, climbId: send.id }] : [];
    }),
  );
}

/** rateRoute, in its transaction: a rating with a comment is news (once per rating); without one, it is not. */
export async function recordRating(tx: UsersDb, rating: RatingRow): Promise<FeedItemRow[]> {
  if (!rating.comment) {
    await store.deleteRatingItem(tx, rating.id);
    return [];
  }
  return await store.insertFeedItems(tx, [{ actorId: rating.userId, kind: 'RATING_COMMENT', ratingId: rating.id, routeId: rating.routeId }]);
}

/** The items of these the viewer may see: the climber's account, narrowed by the item's session and climb. */
async function visibleFeedItems(ctx: Context, items: readonly FeedItemRow[]): Promise<FeedItemRow[]> {
  const sessions = await ctx.loaders.sessionById.loadMany(items.flatMap((item) => (item.sessionId ? [item.sessionId] : [])));
  const climbs = await ctx.loaders.climbById.loadMany(items.flatMap((item) => (item.climbId ? [item.climbId] : [])));
  const narrowing = new Map<string, SessionRow['visibility']>();
  for (const row of [...sessions, ...climbs]) if (row && !(row instanceof Error)) narrowing.set(row.id, row.visibility);
  const { visible } = await visibleItems(ctx, items, (item) => item.actorId, (item) => [
    item.sessionId ? narrowing.get(item.sessionId) : null,
    item.climbId ? narrowing.get(item.climbId) : null,
  ]);
  return visible;
}

const cursorOf = (item: FeedItemRow) => keysetKey(item.createdAt, item.id);

/** `me.feed`: what the climbers the viewer follows did, newest first, as far as the viewer may see it (checked now, not when it happened). */
export async function feed(ctx: Context, user: UserRow, args: PageArgs): Promise<FeedConnectionParent> {
  const viewer = requireViewer(ctx.viewer);
  if (viewer.id !== user.id) throw new ForbiddenError("Only the climber sees their feed.");
  const size = args.first ?? 20;
  if (!Number.isInteger(size) || size < 0 || size > MAX_FEED_PAGE) throw invalidField('first', `must be between 0 and ${MAX_FEED_PAGE}`);
  const after = parseKeysetAfter(args.after);
  const page: FeedItemRow[] = [];
  let position = after;
  let exhausted = false;
  for (let batch = 0; batch < MAX_BATCHES && page.length <= size && !exhausted; batch++) {
    const candidates = await store.findFeedPage(ctx.db, viewer.id, size + 1, position);
    exhausted = candidates.length <= size;
    const last = candidates.at(-1);
    if (last) position = { time: last.createdAt, id: last.id };
    for (const item of await visibleFeedItems(ctx, candidates)) {
      ctx.loaders.feedItemById.prime(item.id, item);
      page.push(item);
    }
  }
  const connection = toConnection(page, size, cursorOf, after !== null);
  // Stopped before a full page with candidates left: the next page starts after the last one read.
  if (page.length <= size && !exhausted && position) {
    connection.pageInfo.hasNextPage = true;
    connection.pageInfo.endCursor = encodeCursor(keysetKey(position.time, position.id));
  }
  return connection;
}

/** One item, if the viewer may see it; null otherwise, as for none (the router's live updates ask here with the subscriber's token). */
async function visibleItem(ctx: Context, item: FeedItemRow | null): Promise<FeedItemRow | null> {
  if (!item) return null;
  return (await visibleFeedItems(ctx, [item]))[0] ?? null;
}

export const feedItem = async (ctx: Context, args: { id: string }) => visibleItem(ctx, await ctx.loaders.feedItemById.load(parseId(args.id)));

export const feedItemReference = async (ctx: Context, reference: { id: unknown }) => visibleItem(ctx, await loadReference(ctx.loaders.feedItemById, reference));

export const feedItemActor = async (ctx: Context, item: FeedItemRow): Promise<UserRow> =>
  present(await ctx.loaders.userById.load(item.actorId), `user ${item.actorId} of feed item ${item.id}`);

export const feedItemSession = (ctx: Context, item: FeedItemRow) => (item.sessionId ? ctx.loaders.sessionById.load(item.sessionId) : null);
export const feedItemClimb = (ctx: Context, item: FeedItemRow) => (item.climbId ? ctx.loaders.climbById.load(item.climbId) : null);
export const feedItemRating = (ctx: Context, item: FeedItemRow) => (item.ratingId ? ctx.loaders.ratingById.load(item.ratingId) : null);
export const feedItemRoute = (item: FeedItemRow) => (item.routeId ? ref('Route', item.routeId) : null);
