import { groupedLoader, keysetPageLoader, many, one, oneLoader } from '@clmb/common';
import type { RatingRow } from '@clmb/drizzle/users';
import type { UsersDb } from '../db';
import { ascentsByRouteIds } from './ascent-store';
import { activityByGymIds, leaderboardsByGymIds } from './gym-stats-store';
import { communityGrades, findRatingPages, findRatingsByIds, findRatingsOfUser, ratingSummaries } from './rating-store';

/** A user's rating of a route. */
export interface UserRouteKey {
  userId: string;
  routeId: string;
}

/** A gym's leaderboard: sessions of the last `days` (null: all time), the top `first`. */
export interface LeaderboardKey {
  gymId: string;
  days: number | null;
  first: number;
}

/** Suggestions a route needs before it has a community grade. */
const COMMUNITY_GRADE_MIN_SUGGESTIONS = 3;

const leaderboardGroup = (key: LeaderboardKey) => `${key.days ?? ''}|${key.first}`;
const userRoute = (key: { userId: string; routeId: string }) => `${key.userId}|${key.routeId}`;

/** The community's loaders (ratings, ascents, leaderboards), new per request (see ../loaders.ts). */
export const communityLoaders = (db: UsersDb) => ({
  ratingById: oneLoader((ids) => findRatingsByIds(db, ids), (row) => row.id),
  /** One query per user, and a request has one viewer. */
  ratingByUserAndRoute: groupedLoader<UserRouteKey, RatingRow | null>({
    cacheKey: userRoute,
    group: (key) => key.userId,
    load: async (keys) => one(keys.map(userRoute), await findRatingsOfUser(db, keys[0]!.userId, keys.map((key) => key.routeId)), userRoute),
  }),
  /** null for a route nobody rated. */
  ratingSummaryByRouteId: oneLoader((ids) => ratingSummaries(db, ids), (row) => row.routeId),
  /** null until enough climbers suggested a grade. */
  communityGradeByRouteId: oneLoader((ids) => communityGrades(db, ids, COMMUNITY_GRADE_MIN_SUGGESTIONS), (row) => row.routeId),
  /** null for a route nobody logged. */
  ascentsByRouteId: oneLoader((ids) => ascentsByRouteIds(db, ids), (row) => row.routeId),
  ratingPage: keysetPageLoader((routeIds, limit, after) => findRatingPages(db, routeIds, limit, after), (row) => row.routeId),
  /** null for a gym without sessions in the last 30 days. */
  activityByGymId: oneLoader((ids) => activityByGymIds(db, ids), (row) => row.gymId),
  leaderboardByGym: groupedLoader<LeaderboardKey, Awaited<ReturnType<typeof leaderboardsByGymIds>>>({
    cacheKey: (key) => `${key.gymId}|${leaderboardGroup(key)}`,
    group: leaderboardGroup,
    load: async (keys) => {
      const ids = keys.map((key) => key.gymId);
      return many(ids, await leaderboardsByGymIds(db, ids, keys[0]!.days, keys[0]!.first), (row) => row.gymId);
    },
  }),
});
