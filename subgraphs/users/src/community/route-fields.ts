import { ref, type PageArgs } from '@clmb/common';
import type { RatingRow } from '@clmb/drizzle/users';
import type { AscentsRow } from './ascent-store';
import type { Context } from '../context';
import { UNLISTED_DELAY_DAYS } from './public-counts';
import { ratingConnection } from './rating-connection';

/**
 * A gyms route as the users service knows it: its id only. The fields it adds (ratings, ascents)
 * are read by route id; whether the route exists is the gyms service's to say.
 */
export interface RouteParent {
  id: string;
}

/** A gyms grade as this service answers it: a reference the router resolves (`scale` is gyms'). */
export interface GradeReference {
  __typename: 'Grade';
  id: string;
}

export async function routeRating(ctx: Context, route: RouteParent): Promise<{ average: number | null; count: number; privateCount: number }> {
  const summary = await ctx.loaders.ratingSummaryByRouteId.load(route.id);
  return { average: summary?.average ?? null, count: summary?.count ?? 0, privateCount: summary?.privateCount ?? 0 };
}

/** Suggestions a route needs before it has a community grade. */
export const COMMUNITY_GRADE_MIN_SUGGESTIONS = 3;

/** The lower median of the grades climbers suggested, once enough of them did. */
export async function communityGrade(ctx: Context, route: RouteParent) {
  const suggestions = await ctx.loaders.gradeSuggestionsByRouteId.load(route.id);
  return ref('Grade', suggestions && suggestions.count >= COMMUNITY_GRADE_MIN_SUGGESTIONS ? suggestions.medianGradeId : null);
}

/** The viewer's own rating: private to them, so null without a token. */
export const myRating = (ctx: Context, route: RouteParent): Promise<RatingRow | null> | null =>
  ctx.viewer ? ctx.loaders.ratingByUserAndRoute.load({ userId: ctx.viewer.id, routeId: route.id }) : null;

export async function ascents(ctx: Context, route: RouteParent): Promise<Omit<AscentsRow, 'routeId' | 'flashRate'> & { flashRate: number | null }> {
  const row = await ctx.loaders.ascentsByRouteId.load({ routeId: route.id, unlistedDelayDays: UNLISTED_DELAY_DAYS });
  return row ?? { sendCount: 0, climberCount: 0, flashRate: null, averageAttempts: null, privateClimberCount: 0 };
}

export const ratings = (ctx: Context, route: RouteParent, args: PageArgs) =>
  ratingConnection(ctx, route.id, args);
