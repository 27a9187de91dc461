import { groupedLoader, keysetPageLoader, many, one, oneLoader } from '@clmb/common';
import type { RatingRow } from '@clmb/drizzle/users';
import type { UsersDb } from '../db';
import { type AscentsRow, ascentsByRouteIds } from './ascent-store';
import { type ActivityWindows, activityByGymIds, type GymActivityRow, type LeaderboardQuery, leaderboardsByGymIds } from './gym-fields-store';
import { findRatingPages, findRatingsByIds, findRatingsOfUser, gradeSuggestions, ratingSummaries } from './rating-store';

/** A user's rating of a route. */
interface UserRouteKey {
  userId: string;
  routeId: string;
}

/** A gym's activity over the module's windows. */
interface ActivityKey extends ActivityWindows {
  gymId: string;
}

/** A route's ascents, counting climbers who did not opt in once their climbs are settled by `unlistedDelayDays`. */
interface AscentsKey {
  routeId: string;
  unlistedDelayDays: number;
}

/** A gym's leaderboard. */
interface LeaderboardKey extends LeaderboardQuery {
  gymId: string;
}

const activityGroup = (key: ActivityKey) => `${key.sessionDays}|${key.climberDays}|${key.unlistedDelayDays}`;
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
  /** null for a route nobody suggested a grade for. */
  gradeSuggestionsByRouteId: oneLoader((ids) => gradeSuggestions(db, ids), (row) => row.routeId),
  /** null for a route nobody logged (that counts yet). */
  ascentsByRouteId: groupedLoader<AscentsKey, AscentsRow | null>({
    cacheKey: (key) => `${key.routeId}|${key.unlistedDelayDays}`,
    group: (key) => String(key.unlistedDelayDays),
    load: async (keys) => {
      const ids = keys.map((key) => key.routeId);
      return one(ids, await ascentsByRouteIds(db, ids, keys[0]!.unlistedDelayDays), (row) => row.routeId);
    },
  }),
  ratingPage: keysetPageLoader((routeIds, limit, after) => findRatingPages(db, routeIds, limit, after), (row) => row.routeId),
  /** null for a gym without sessions in either window. */
  activityByGym: groupedLoader<ActivityKey, GymActivityRow | null>({
    cacheKey: (key) => `${key.gymId}|${activityGroup(key)}`,
    group: activityGroup,
    load: async (keys) => {
      const ids = keys.map((key) => key.gymId);
      return one(ids, await activityByGymIds(db, ids, keys[0]!), (row) => row.gymId);
    },
  }),
  leaderboardByGym: groupedLoader<LeaderboardKey, Awaited<ReturnType<typeof leaderboardsByGymIds>>>({
    cacheKey: (key) => `${key.gymId}|${leaderboardGroup(key)}`,
    group: leaderboardGroup,
    load: async (keys) => {
      const ids = keys.map((key) => key.gymId);
      return many(ids, await leaderboardsByGymIds(db, ids, keys[0]!), (row) => row.gymId);
    },
  }),
});
