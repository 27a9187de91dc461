import { fields, invalidField, NotFoundError, parseInput, requireViewer } from '@clmb/common';
import { ROUTE_TAGS, type RouteRow, type RouteTag, SETTER_TAGS_MAX } from '@clmb/drizzle/gyms';
import { z } from 'zod';
import type { Context } from '../context';
import { checkWindow, type WindowLimit } from '../rate-limits';
import * as store from './tag-vote-store';

/** How many climbers must vote for a tag before `Route.tags` shows it (and the tags filter matches it). */
export const TAG_VOTES_TO_SHOW = 3;
/** How many tags a climber votes for on one route, at most. */
export const TAG_VOTES_PER_CLIMBER = 3;
/**
 * How many changes (a tag voted for, or taken back) a climber makes in an hour, at most: a dozen
 * routes' worth of second thoughts. Every vote that changes something is a gyms write, which
 * starts a new generation of the router's caches, so anyone with an account must not send them
 * without end.
 */
export const TAG_VOTE_CHANGES_PER_HOUR = 60;
/** A climber's tag vote changes an hour: each tag voted for or taken back is one. */
const TAG_VOTE_CHANGES: WindowLimit = { what: 'tag vote changes (each tag voted for or taken back is one)', reason: 'TAG_VOTES', max: TAG_VOTE_CHANGES_PER_HOUR, windowMs: 3_600_000 };
const WINDOW_SECONDS = TAG_VOTE_CHANGES.windowMs / 1000;

const tag = z.enum(ROUTE_TAGS);
const distinctTags = (max: number) =>
  z
    .array(tag)
    .max(max, `must have at most ${max} tags`)
    .refine((tags) => new Set(tags).size === tags.length, 'must not name a tag twice');

/** A setter's tags for a route, in the order to show them. */
export const setterTags = distinctTags(SETTER_TAGS_MAX);

/** `RouteFilter.tags`: every tag of the vocabulary at most once (a repeat narrows nothing more). */
export const tagFilter = z
  .array(tag)
  .max(ROUTE_TAGS.length, `must have at most ${ROUTE_TAGS.length} tags`)
  .nullish()
  .transform((tags) => (tags?.length ? { all: [...new Set(tags)], minVotes: TAG_VOTES_TO_SHOW } : undefined));

const voteInput = z.object({
  routeId: fields.id,
  tags: distinctTags(TAG_VOTES_PER_CLIMBER),
});

/** `Route.tags`: the setter's, in their order, then those enough climbers voted for, the most voted first. */
export async function tagsOf(ctx: Context, route: RouteRow): Promise<RouteTag[]> {
  const tallies = await ctx.loaders.tagTalliesByRouteId.load(route.id);
  const voted = tallies.filter((tally) => tally.count >= TAG_VOTES_TO_SHOW && !route.tags.includes(tally.tag)).map((tally) => tally.tag);
  return [...route.tags, ...voted];
}

/** `Route.tagVotes`: every tag with a standing vote and its count, the most voted first. */
export async function tagVotesOf(ctx: Context, route: RouteRow): Promise<{ tag: RouteTag; count: number }[]> {
  const tallies = await ctx.loaders.tagTalliesByRouteId.load(route.id);
  return tallies.map(({ tag, count }) => ({ tag, count }));
}

/** `Route.myTagVotes`: the viewer's standing votes; none without a token. */
export async function myTagVotesOf(ctx: Context, route: RouteRow): Promise<RouteTag[]> {
  if (!ctx.viewer) return [];
  return await ctx.loaders.tagVotesOfUser.load({ userId: ctx.viewer.id, routeId: route.id });
}


/**
 * `voteRouteTags`: the viewer's votes on the route become `tags`. Only the difference is written
 * and counted: tags newly voted for, and tags taken back (kept, withdrawn, for the count). A vote
 * that changes nothing costs nothing.
 */
export async function voteRouteTags(ctx: Context, args: unknown): Promise<RouteRow> {
  const viewer = requireViewer(ctx.viewer);
  const { routeId, tags } = parseInput(voteInput, args);
  const route = await ctx.loaders.routeById.load(routeId);
  if (!route) throw new NotFoundError('Route', routeId);
  if (route.strippedAt) throw invalidField('input.routeId', 'the route is stripped: only routes on the wall take votes');
  if ((await ctx.loaders.gymById.load(route.gymId))?.archivedAt) throw invalidField('input.routeId', "the route's gym is archived");
  const changed = await ctx.db.transaction(async (tx) => {
    await store.lockVoter(tx, viewer.id);
    const current = (await store.findStandingVotes(tx, viewer.id, [routeId])).map((vote) => vote.tag);
    const added = tags.filter((tag) => !current.includes(tag));
    const withdrawn = current.filter((tag) => !tags.includes(tag));
    if (!added.length && !withdrawn.length) return false;
    // Refused whole, under the climber's vote lock, when the changes do not fit in their hour.
    const { changes, oldest } = await store.countRecentChanges(tx, viewer.id, WINDOW_SECONDS);
    checkWindow(TAG_VOTE_CHANGES, { count: changes, oldest }, added.length + withdrawn.length);
    await store.pruneWithdrawnVotes(tx, viewer.id, WINDOW_SECONDS);
    await store.withdrawVotes(tx, routeId, viewer.id, withdrawn);
    await store.insertVotes(tx, routeId, viewer.id, added);
    return true;
  });
  if (changed) {
    // The route's tally, the viewer's votes and the lists a tags filter made are read again.
    ctx.loaders.tagTalliesByRouteId.clear(routeId);
    ctx.loaders.tagVotesOfUser.clear({ userId: viewer.id, routeId });
    ctx.loaders.routesByGymId.clearAll();
  }
  // Its tags and tally, and the gym's lists a tags filter made.
  ctx.cacheTags.changed('Route', route.id);
  ctx.cacheTags.changed('Gym', route.gymId);
  return route;
}
