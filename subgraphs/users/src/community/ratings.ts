import { fields, invalidField, loadReference, NotFoundError, parseInput, present, prime, requireViewer } from '@clmb/common';
import type { RatingRow, UserRow } from '@clmb/drizzle/users';
import { z } from 'zod';
import type { Context } from '../context';
import { announcer, recordRating } from '../feed/feed';
import { assertCanSee } from '../privacy/privacy';
import * as store from './rating-store';

const stars = z.number().int('must be a whole number').min(1, 'must be between 1 and 5').max(5, 'must be between 1 and 5');
const rateInput = z.object({
  routeId: fields.id,
  stars,
  suggestedGradeId: fields.id.nullish(),
  comment: fields.optionalText(500, { multiline: true }),
});
const deleteInput = z.object({ routeId: fields.id });

/** The suggested grade, if any, checked against the route's grade system; with the route itself. */
async function checkedRoute(ctx: Context, routeId: string, suggestedGradeId: string | null | undefined) {
  const [route, [grade] = []] = await Promise.all([ctx.gyms.route(routeId), suggestedGradeId ? ctx.gyms.grades([suggestedGradeId]) : []]);
  // Stripped routes are rated too: a climber may rate what they climbed after it came down.
  if (!route) throw invalidField('input.routeId', 'no route with this id');
  if (suggestedGradeId && (!grade || grade.system.id !== route.grade.system.id)) {
    throw invalidField('input.suggestedGradeId', "must be a grade of the route's grade system");
  }
  return { route, grade: grade ?? null };
}

/** Creates or replaces the viewer's one rating of a route. */
export async function rateRoute(ctx: Context, args: unknown): Promise<RatingRow> {
  const viewer = requireViewer(ctx.viewer);
  const input = parseInput(rateInput, args);
  const { route, grade } = await checkedRoute(ctx, input.routeId, input.suggestedGradeId);
  const { row, items } = await ctx.db.transaction(async (tx) => {
    const rating = await store.upsertRating(tx, {
      userId: viewer.id,
      routeId: route.id,
      stars: input.stars,
      suggestedGradeId: grade?.id ?? null,
      suggestedGradeScale: grade?.scale ?? null,
      comment: input.comment,
    });
    // A comment is news for the rater's followers.
    return { row: rating, items: await recordRating(tx, rating) };
  });
  announcer(ctx, items)();
  prime(ctx.loaders.ratingByUserAndRoute, row, { userId: row.userId, routeId: row.routeId });
  return prime(ctx.loaders.ratingById, row);
}

/** Deletes the viewer's rating of a route; returns its id, NOT_FOUND when there is none. */
export async function deleteRating(ctx: Context, args: unknown): Promise<string> {
  const viewer = requireViewer(ctx.viewer);
  const input = parseInput(deleteInput, args);
  const id = await store.deleteRating(ctx.db, viewer.id, input.routeId);
  if (!id) throw new NotFoundError('Your rating of route', input.routeId);
  ctx.loaders.ratingById.clear(id);
  ctx.loaders.ratingByUserAndRoute.clear({ userId: viewer.id, routeId: input.routeId });
  return id;
}

/** Seen by whoever may see its climber: null for an unknown or malformed id, FORBIDDEN for one the viewer may not see. */
export async function ratingReference(ctx: Context, ref: { id: unknown }): Promise<RatingRow | null> {
  const rating = await loadReference(ctx.loaders.ratingById, ref);
  if (rating) await assertCanSee(ctx, rating.userId, 'rating');
  return rating;
}

export const ratingUser = async (ctx: Context, rating: RatingRow): Promise<UserRow> =>
  present(await ctx.loaders.userById.load(rating.userId), `user ${rating.userId} of rating ${rating.id}`);
