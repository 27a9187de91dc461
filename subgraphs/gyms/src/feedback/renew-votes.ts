import { invalidField, NotFoundError, parseId, requireViewer } from '@clmb/common';
import type { RouteRow } from '@clmb/drizzle/gyms';
import type { Context } from '../context';
import { requireRouteGymOpen } from '../gyms/gyms';
import { limitWrites, type WindowLimit, windowStart } from '../rate-limits';
import * as store from './renew-vote-store';

/** Votes and withdrawals a climber makes an hour: plenty for a session at the gym, not a script's flood. */
export const VOTE_CHANGES: WindowLimit = { what: 'renew vote changes', reason: 'RENEW_VOTES', max: 60, windowMs: 3_600_000 };

async function routeFor(ctx: Context, id: unknown): Promise<RouteRow> {
  const routeId = parseId(id, 'routeId');
  const route = await ctx.loaders.routeById.load(routeId);
  if (!route) throw new NotFoundError('Route', routeId);
  return route;
}

/**
 * One vote change of the viewer, in a transaction under their lock: counted against the hour's
 * limit only when it changes something (voting twice, or withdrawing no vote, is free).
 */
async function change(ctx: Context, route: RouteRow, write: (tx: Context['db'], userId: string) => Promise<boolean>): Promise<RouteRow> {
  const viewer = requireViewer(ctx.viewer);
  await ctx.db.transaction(async (tx) => {
    await store.lockVoter(tx, viewer.id);
    await limitWrites(tx, VOTE_CHANGES, store.VOTE_CHANGES_WRITTEN, viewer.id);
    if (await write(tx, viewer.id)) await store.recordChange(tx, viewer.id, route.id, windowStart(VOTE_CHANGES));
  });
  ctx.loaders.renewVoteCountByRouteId.clear(route.id);
  ctx.loaders.renewVoteOfUser.clear({ routeId: route.id, userId: viewer.id });
  // Its `renewVoteCount`.
  ctx.cacheTags.changed('Route', route.id);
  return route;
}

/** "Reset this": a stripped route is already down; an archived gym resets nothing (withdrawing stays possible). */
export async function voteRenew(ctx: Context, routeId: unknown): Promise<RouteRow> {
  requireViewer(ctx.viewer);
  const route = await routeFor(ctx, routeId);
  if (route.strippedAt) throw invalidField('routeId', 'the route has been stripped');
  await requireRouteGymOpen(ctx, route, 'routeId');
  return change(ctx, route, (tx, userId) => store.insertVote(tx, route.id, userId));
}

export async function withdrawRenewVote(ctx: Context, routeId: unknown): Promise<RouteRow> {
  requireViewer(ctx.viewer);
  const route = await routeFor(ctx, routeId);
  return change(ctx, route, (tx, userId) => store.deleteVote(tx, route.id, userId));
}

export const renewVoteCount = (ctx: Context, route: RouteRow) => ctx.loaders.renewVoteCountByRouteId.load(route.id);

/** false without a token. */
export const myRenewVote = async (ctx: Context, route: RouteRow) =>
  ctx.viewer ? ctx.loaders.renewVoteOfUser.load({ routeId: route.id, userId: ctx.viewer.id }) : false;
