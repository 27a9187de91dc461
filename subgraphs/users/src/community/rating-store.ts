import { and, eq, gt, inArray, isNotNull, sql } from 'drizzle-orm';
import type { RatingRow } from '@clmb/drizzle/users';
import { keysetPages, mapPgErrors } from '@clmb/common';
import { schema, type UsersDb } from '../db';

const { ratings, routeRatingCounts } = schema;

type NewRating = Pick<typeof ratings.$inferInsert, 'userId' | 'routeId' | 'stars' | 'suggestedGradeId' | 'suggestedGradeScale' | 'comment'>;

/** A route's stars; routes nobody rated have no row. */
interface RatingSummaryRow {
  routeId: string;
  average: number;
  count: number;
  /** Of `count`, the raters a reader without a token may not see: their account is not PUBLIC. */
  privateCount: number;
}

/** The grades climbers suggested for a route: their lower median, and how many there are. */
interface GradeSuggestionsRow {
  routeId: string;
  medianGradeId: string;
  /** The median's place on the difficulty scale when it was suggested. */
  medianScale: number;
  count: number;
}

export async function findRatingsByIds(db: UsersDb, ids: readonly string[]): Promise<RatingRow[]> {
  return await db.select().from(ratings).where(inArray(ratings.id, [...ids]));
}

/** One user's ratings of these routes. */
export async function findRatingsOfUser(db: UsersDb, userId: string, routeIds: readonly string[]): Promise<RatingRow[]> {
  return await db
    .select()
    .from(ratings)
    .where(and(eq(ratings.userId, userId), inArray(ratings.routeId, [...routeIds])));
}

/**
 * Average and count of the stars of many routes, with how many raters are not public: one row per
 * route from route_rating_count, which triggers keep (users migration rating_count_triggers), so
 * the cost does not grow with the route's ratings.
 */
export async function ratingSummaries(db: UsersDb, routeIds: readonly string[]): Promise<RatingSummaryRow[]> {
  return await db
    .select({
      routeId: routeRatingCounts.routeId,
      // avg() of integers is their numeric sum over their count; float8 and int: numeric and
      // bigint would come back as strings from postgres-js.
      average: sql<number>`(${routeRatingCounts.stars}::numeric / ${routeRatingCounts.raters})::float8`,
      count: routeRatingCounts.raters,
      privateCount: routeRatingCounts.privateRaters,
    })
    .from(routeRatingCounts)
    .where(and(inArray(routeRatingCounts.routeId, [...routeIds]), gt(routeRatingCounts.raters, 0)));
}

/**
 * The lower median of each route's suggested grades by difficulty scale, with their number, in ONE
 * query: row_number() and count() over each route's suggestions. Routes without any have no row.
 */
export async function gradeSuggestions(db: UsersDb, routeIds: readonly string[]): Promise<GradeSuggestionsRow[]> {
  const ranked = db
    .select({
      routeId: ratings.routeId,
      gradeId: ratings.suggestedGradeId,
      scale: ratings.suggestedGradeScale,
      position: sql<number>`row_number() over (partition by ${ratings.routeId} order by ${ratings.suggestedGradeScale}, ${ratings.suggestedGradeId})`.as('position'),
      suggestions: sql<number>`(count(*) over (partition by ${ratings.routeId}))::int`.as('suggestions'),
    })
    .from(ratings)
    .where(and(inArray(ratings.routeId, [...routeIds]), isNotNull(ratings.suggestedGradeId)))
    .as('ranked');
  const rows = await db
    .select({ routeId: ranked.routeId, medianGradeId: ranked.gradeId, medianScale: ranked.scale, count: ranked.suggestions })
    .from(ranked)
    .where(eq(ranked.position, sql`(${ranked.suggestions} + 1) / 2`));
  return rows as GradeSuggestionsRow[];
}

/**
 * Up to `limit` ratings of each route after `after`, newest first, in ONE query whatever the
 * number of routes (over the (route_id, created_at desc, id desc) index); a first page is one
 * prepared statement. Rows come grouped by route, each route's newest first.
 */
export const findRatingPages = keysetPages(ratings, { parent: ratings.routeId, time: ratings.createdAt, id: ratings.id }, 'first_rating_pages');

const constraintFields = { rating_stars_range: 'input.stars', rating_suggested_grade_complete: 'input.suggestedGradeId' };

/** Creates the user's rating of the route, or replaces it in place (same id and created_at). */
export function upsertRating(db: UsersDb, rating: NewRating): Promise<RatingRow> {
  const { userId: _user, routeId: _route, ...replaced } = rating;
  return mapPgErrors(async () => {
    const [row] = await db
      .insert(ratings)
      .values(rating)
      .onConflictDoUpdate({ target: [ratings.userId, ratings.routeId], set: replaced })
      .returning();
    if (!row) throw new Error('upsert into users.rating returned no row');
    return row;
  }, constraintFields);
}

/** The deleted rating's id; null when the user had not rated the route. */
export async function deleteRating(db: UsersDb, userId: string, routeId: string): Promise<string | null> {
  const [row] = await db
    .delete(ratings)
    .where(and(eq(ratings.userId, userId), eq(ratings.routeId, routeId)))
    .returning({ id: ratings.id });
  return row?.id ?? null;
}
