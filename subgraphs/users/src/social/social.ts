import { fields, invalidField, parseInput, present, requireViewer, TooManyRequestsError } from '@clmb/common';
import type { UserRow } from '@clmb/drizzle/users';
import { z } from 'zod';
import { hitBuckets } from '../accounts/auth/login-throttle-store';
import type { Context } from '../context';
import type { UsersDb } from '../db';
import { type AfterCommit, notify } from '../notifications/notify';
import { relationTo } from '../privacy/privacy';
import { deleteCommentsBetween } from '../reactions/comment-store';
import { deleteKudosBetween } from '../reactions/kudos-store';
import * as store from './follow-store';

/**
 * Following and blocking (docs/api.md, "Following and blocking"). Every write takes the acting
 * climber's lock (their caps count exactly), then the pair's (racing follows, accepts and blocks
 * of one pair end in one consistent state). Always in that order, so no two writes wait on each other.
 */

/** The limits of docs/api.md; tests lower them here. */
export const socialLimits = {
  /** Accepted follows and requests still waiting, together. */
  maxFollowing: 5_000,
  maxBlocked: 1_000,
  /** follow, unfollow, block and unblock, together, per climber in an hour. */
  writesPerHour: 200,
};

/** The viewer's standing with a climber, as `User.viewerFollowStatus` tells it. */
export type FollowStatus = 'NONE' | 'REQUESTED' | 'FOLLOWING' | 'BLOCKED';

export interface FollowPayloadParent {
  user: UserRow;
  status: FollowStatus;
}

const FIELD = 'input.userId';
const NO_CLIMBER = 'no climber with this id';
const userInput = z.object({ userId: fields.id });

/** The other climber's id; BAD_USER_INPUT naming it when it is the viewer's own. */
function otherClimber(viewerId: string, args: unknown, selfProblem: string): string {
  const { userId } = parseInput(userInput, args);
  if (userId === viewerId) throw invalidField(FIELD, selfProblem);
  return userId;
}

/** Counts one social write of the climber's; TOO_MANY_REQUESTS past the hour's limit. */
async function countWrite(ctx: Context, userId: string): Promise<void> {
  const [hit] = await hitBuckets(ctx.db, [{ key: `social:${userId}`, windowSeconds: 3_600 }]);
  if (!hit || hit.count <= socialLimits.writesPerHour) return;
  throw new TooManyRequestsError(hit.retryAfterSeconds, {
    message: `At most ${socialLimits.writesPerHour} follows, unfollows, blocks and unblocks an hour; try again in ${hit.retryAfterSeconds} seconds.`,
    extensions: { reason: 'SOCIAL_WRITES', limit: socialLimits.writesPerHour },
  });
}

/** After a write between the viewer and `userId`: what the request reads next is read again. */
async function written(ctx: Context, viewerId: string, userId: string): Promise<UserRow> {
  const { loaders } = ctx;
  for (const id of [viewerId, userId]) {
    loaders.standingOf.clear(id);
    loaders.followCountsOf.clear(id);
    loaders.audienceOf.clear(id);
  }
  for (const pages of [loaders.followerPage, loaders.followingPage, loaders.followRequestPage, loaders.blockPage]) pages.clearAll();
  return present(await loaders.userById.load(userId), `user ${userId}`);
}

/** The climber's lock and the pair's, then the write; what `announce` returns runs after the commit. */
async function betweenPair<T>(ctx: Context, actorId: string, otherId: string, write: (tx: UsersDb) => Promise<{ result: T; announce?: AfterCommit }>): Promise<T> {
  // Privacy's loader, which notify() asks, answers from this read rather than in the transaction.
  await relationTo(ctx, otherId);
  const { result, announce } = await ctx.db.transaction(async (tx) => {
    await store.lockClimber(tx, actorId);
    await store.lockPair(tx, actorId, otherId);
    return await write(tx);
  });
  announce?.();
  return result;
}

async function withinFollowingCap(tx: UsersDb, userId: string): Promise<void> {
  if ((await store.countFollowingAndRequested(tx, userId)) > socialLimits.maxFollowing) {
    throw invalidField(FIELD, `you already follow or asked to follow ${socialLimits.maxFollowing.toLocaleString('en')} climbers, the most one may: unfollow someone first`);
  }
}

/** Follows a PUBLIC climber at once (FOLLOWING); asks any other to accept (REQUESTED). */
export async function follow(ctx: Context, args: unknown): Promise<FollowPayloadParent> {
  const viewer = requireViewer(ctx.viewer);
  const userId = otherClimber(viewer.id, args, 'you cannot follow yourself');
  await countWrite(ctx, viewer.id);
  const status = await betweenPair(ctx, viewer.id, userId, async (tx) => {
    const target = await store.findClimber(tx, userId);
    if (!target || target.disabled) throw invalidField(FIELD, NO_CLIMBER);
    // Worded alike whoever blocked whom.
    if (await store.blockedEitherWay(tx, viewer.id, userId)) throw invalidField(FIELD, 'you cannot follow this climber');
    if (await store.isFollowing(tx, viewer.id, userId)) throw invalidField(FIELD, 'you already follow this climber');
    if (target.visibility === 'PUBLIC') {
      // A request made while the account was not PUBLIC becomes the follow.
      await store.deleteFollowRequest(tx, viewer.id, userId);
      await store.insertFollow(tx, viewer.id, userId);
      await withinFollowingCap(tx, viewer.id);
      return { result: 'FOLLOWING' as const, announce: await notify(ctx, tx, { recipientId: userId, kind: 'NEW_FOLLOWER', actorId: viewer.id }) };
    }
    if (!(await store.insertFollowRequest(tx, viewer.id, userId))) throw invalidField(FIELD, 'you already asked to follow this climber');
    await withinFollowingCap(tx, viewer.id);
    return { result: 'REQUESTED' as const, announce: await notify(ctx, tx, { recipientId: userId, kind: 'FOLLOW_REQUEST', actorId: viewer.id }) };
  });
  return { user: await written(ctx, viewer.id, userId), status };
}

/** Ends the viewer's follow of a climber, or withdraws their request. */
export async function unfollow(ctx: Context, args: unknown): Promise<FollowPayloadParent> {
  const viewer = requireViewer(ctx.viewer);
  const userId = otherClimber(viewer.id, args, 'you cannot follow yourself');
  await countWrite(ctx, viewer.id);
  await betweenPair(ctx, viewer.id, userId, async (tx) => {
    const [followed, requested] = [await store.deleteFollow(tx, viewer.id, userId), await store.deleteFollowRequest(tx, viewer.id, userId)];
    if (!followed && !requested) throw invalidField(FIELD, 'you neither follow nor asked to follow this climber');
    return { result: null };
  });
  return { user: await written(ctx, viewer.id, userId), status: 'NONE' };
}

const NO_REQUEST = 'this climber has not asked to follow you';

/** The viewer accepts a climber's request: they follow the viewer from now on. Returns the climber. */
export async function acceptFollow(ctx: Context, args: unknown): Promise<UserRow> {
  const viewer = requireViewer(ctx.viewer);
  const requesterId = otherClimber(viewer.id, args, NO_REQUEST);
  await betweenPair(ctx, viewer.id, requesterId, async (tx) => {
    if (!(await store.deleteFollowRequest(tx, requesterId, viewer.id))) throw invalidField(FIELD, NO_REQUEST);
    await store.insertFollow(tx, requesterId, viewer.id);
    return { result: null, announce: await notify(ctx, tx, { recipientId: requesterId, kind: 'FOLLOW_ACCEPTED', actorId: viewer.id }) };
  });
  return await written(ctx, viewer.id, requesterId);
}

/** The viewer declines a climber's request, which is deleted (they may ask again). Returns the climber. */
export async function declineFollow(ctx: Context, args: unknown): Promise<UserRow> {
  const viewer = requireViewer(ctx.viewer);
  const requesterId = otherClimber(viewer.id, args, NO_REQUEST);
  await betweenPair(ctx, viewer.id, requesterId, async (tx) => {
    if (!(await store.deleteFollowRequest(tx, requesterId, viewer.id))) throw invalidField(FIELD, NO_REQUEST);
    return { result: null };
  });
  return await written(ctx, viewer.id, requesterId);
}

/** Ends a climber's follow of the viewer (they may ask again). Returns the climber. */
export async function removeFollower(ctx: Context, args: unknown): Promise<UserRow> {
  const viewer = requireViewer(ctx.viewer);
  const followerId = otherClimber(viewer.id, args, 'this climber does not follow you');
  await betweenPair(ctx, viewer.id, followerId, async (tx) => {
    if (!(await store.deleteFollow(tx, followerId, viewer.id))) throw invalidField(FIELD, 'this climber does not follow you');
    return { result: null };
  });
  return await written(ctx, viewer.id, followerId);
}

/**
 * Blocks a climber: the block is recorded, and every follow and request between the two ends, as do
 * the comments and kudos each left on the other's sessions and sends, in one transaction.
 */
export async function block(ctx: Context, args: unknown): Promise<UserRow> {
  const viewer = requireViewer(ctx.viewer);
  const userId = otherClimber(viewer.id, args, 'you cannot block yourself');
  await countWrite(ctx, viewer.id);
  await betweenPair(ctx, viewer.id, userId, async (tx) => {
    if (!(await store.findClimber(tx, userId))) throw invalidField(FIELD, NO_CLIMBER);
    if (!(await store.insertBlock(tx, viewer.id, userId))) throw invalidField(FIELD, 'you already blocked this climber');
    if ((await store.countBlocked(tx, viewer.id)) > socialLimits.maxBlocked) {
      throw invalidField(FIELD, `you already blocked ${socialLimits.maxBlocked.toLocaleString('en')} climbers, the most one may: unblock someone first`);
    }
    await store.deleteFollowsBetween(tx, viewer.id, userId);
    await deleteCommentsBetween(tx, viewer.id, userId);
    await deleteKudosBetween(tx, viewer.id, userId);
    return { result: null };
  });
  return await written(ctx, viewer.id, userId);
}

/** Lifts the viewer's block of a climber; the follows it ended are not restored. */
export async function unblock(ctx: Context, args: unknown): Promise<UserRow> {
  const viewer = requireViewer(ctx.viewer);
  const userId = otherClimber(viewer.id, args, 'you have not blocked this climber');
  await countWrite(ctx, viewer.id);
  await betweenPair(ctx, viewer.id, userId, async (tx) => {
    if (!(await store.deleteBlock(tx, viewer.id, userId))) throw invalidField(FIELD, 'you have not blocked this climber');
    return { result: null };
  });
  return await written(ctx, viewer.id, userId);
}
