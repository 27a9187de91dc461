import { many, one } from '@clmb/common';
import type { ClimbRow, DeviceRow, Discipline, PreferencesRow, RatingRow, SessionRow, UserRow } from '@clmb/drizzle/users';
import DataLoader from 'dataloader';
import { type AscentsRow, ascentsByRouteIds } from './ascent-store';
import { findClimbsByIds, findClimbsBySessionIds } from './climb-store';
import type { UsersDb } from './db';
import { findActiveDevicesByUserIds } from './device-store';
import { activityByGymIds, type GymActivityRow, type LeaderboardRow, leaderboardsByGymIds } from './gym-stats-store';
import { findPreferencesByUserIds } from './preference-store';
import { type CommunityGradeRow, communityGrades, findRatingPages, findRatingsByIds, findRatingsOfUser, type RatingSummaryRow, ratingSummaries } from './rating-store';
import type { KeysetCursor, PageKey } from './keyset-page';
import { findSessionPages, findSessionsByIds } from './session-store';
import {
  type GradeMonthRow,
  gradeMonthsByUserIds,
  hardestSendsByUserIds,
  type Period,
  type SessionSummaryRow,
  type StatsRow,
  statsByUserIds,
  summariesBySessionIds,
} from './stats-store';
import { findUsersByIds } from './user-store';

/** A user's rating of a route. */
export interface UserRouteKey {
  userId: string;
  routeId: string;
}

/** Suggestions a route needs before it has a community grade. */
const COMMUNITY_GRADE_MIN_SUGGESTIONS = 3;

/** Ratings of routes by user: one query per user, and a request has one viewer. */
async function loadUserRatings(db: UsersDb, keys: readonly UserRouteKey[]): Promise<(RatingRow | null)[]> {
  const userIds = [...new Set(keys.map((key) => key.userId))];
  const rows = (await Promise.all(userIds.map((userId) => findRatingsOfUser(db, userId, keys.filter((k) => k.userId === userId).map((k) => k.routeId))))).flat();
  return one(keys.map((key) => `${key.userId}|${key.routeId}`), rows, (row) => `${row.userId}|${row.routeId}`);
}

/** A user's statistics over a period (and of a discipline, where they depend on one). */
export interface UserStatsKey {
  userId: string;
  period: Period;
  discipline?: Discipline;
}

/** A gym's leaderboard: sessions of the last `days` (null: all time), the top `first`. */
export interface LeaderboardKey {
  gymId: string;
  days: number | null;
  first: number;
}

const periodKey = (period: Period) => `${period.from?.toISOString() ?? ''}..${period.to?.toISOString() ?? ''}`;
const statsGroup = (key: UserStatsKey) => `${periodKey(key.period)}|${key.discipline ?? ''}`;
const statsKey = (key: UserStatsKey) => `${key.userId}|${statsGroup(key)}`;
const leaderboardGroup = (key: LeaderboardKey) => `${key.days ?? ''}|${key.first}`;

/**
 * A loader whose keys share one query per group (the same period, discipline, page size ...): the
 * stats of a page of users for one period are one statement. `load` answers a group in key order.
 */
function groupedLoader<K, V>(cacheKey: (key: K) => string, group: (key: K) => string, load: (keys: K[]) => Promise<V[]>): DataLoader<K, V, string> {
  return new DataLoader<K, V, string>(
    async (keys) => {
      // The positions in `keys` of each group's members, so answers go straight back into place.
      const groups = new Map<string, number[]>();
      keys.forEach((key, i) => {
        const members = groups.get(group(key));
        if (members) members.push(i);
        else groups.set(group(key), [i]);
      });
      const results = new Array<V>(keys.length);
      await Promise.all(
        [...groups.values()].map(async (members) => {
          const values = await load(members.map((i) => keys[i]!));
          members.forEach((keyIndex, i) => {
            results[keyIndex] = values[i]!;
          });
        }),
      );
      return results;
    },
    { cacheKeyFn: cacheKey },
  );
}

/**
 * Pages with the same size and cursor share one query, so a first page for many parents is one
 * query: `fetch` returns the rows of every parent asked for, each parent's in page order.
 */
function pageLoader<R>(fetch: (parentIds: string[], limit: number, after: KeysetCursor | null) => Promise<R[]>, parentOf: (row: R) => string) {
  const pageGroup = (key: PageKey) => `${key.limit}|${key.after ? `${key.after.time.toISOString()}|${key.after.id}` : ''}`;
  return groupedLoader<PageKey, R[]>(
    (key) => `${key.parentId}|${pageGroup(key)}`,
    pageGroup,
    async (keys) => {
      const parentIds = keys.map((key) => key.parentId);
      return many(parentIds, await fetch(parentIds, keys[0]!.limit, keys[0]!.after), parentOf);
    },
  );
}

/** New per request, so nothing cached outlives the request or leaks between viewers. */
export function createLoaders(db: UsersDb) {
  return {
    userById: new DataLoader<string, UserRow | null>(async (ids) => one(ids, await findUsersByIds(db, ids), (row) => row.id)),
    sessionById: new DataLoader<string, SessionRow | null>(async (ids) => one(ids, await findSessionsByIds(db, ids), (row) => row.id)),
    climbById: new DataLoader<string, ClimbRow | null>(async (ids) => one(ids, await findClimbsByIds(db, ids), (row) => row.id)),
    climbsBySessionId: new DataLoader<string, ClimbRow[]>(async (ids) => many(ids, await findClimbsBySessionIds(db, ids), (row) => row.sessionId)),
    /** null for a user without sessions in the period. */
    statsByUser: groupedLoader<UserStatsKey, StatsRow | null>(statsKey, statsGroup, async (keys) => {
      const ids = keys.map((key) => key.userId);
      return one(ids, await statsByUserIds(db, ids, keys[0]!.period), (row) => row.userId);
    }),
    /** Graded climbs of the key's discipline per (month, grade). */
    gradeMonthsByUser: groupedLoader<UserStatsKey, GradeMonthRow[]>(statsKey, statsGroup, async (keys) => {
      const ids = keys.map((key) => key.userId);
      return many(ids, await gradeMonthsByUserIds(db, ids, keys[0]!.discipline!, keys[0]!.period), (row) => row.userId);
    }),
    hardestSendByUser: groupedLoader<UserStatsKey, ClimbRow | null>(statsKey, statsGroup, async (keys) => {
      const ids = keys.map((key) => key.userId);
      return one(ids, await hardestSendsByUserIds(db, ids, keys[0]!.discipline!, keys[0]!.period), (row) => row.userId);
    }),
    /** null for a user who never changed a preference. */
    preferencesByUserId: new DataLoader<string, PreferencesRow | null>(async (ids) => one(ids, await findPreferencesByUserIds(db, ids), (row) => row.userId)),
    /** null for a session without climbs. */
    summaryBySessionId: new DataLoader<string, SessionSummaryRow | null>(async (ids) => one(ids, await summariesBySessionIds(db, ids), (row) => row.sessionId)),
    /** null for a gym without sessions in the last 30 days. */
    activityByGymId: new DataLoader<string, GymActivityRow | null>(async (ids) => one(ids, await activityByGymIds(db, ids), (row) => row.gymId)),
    leaderboardByGym: groupedLoader<LeaderboardKey, LeaderboardRow[]>(
      (key) => `${key.gymId}|${leaderboardGroup(key)}`,
      leaderboardGroup,
      async (keys) => {
        const ids = keys.map((key) => key.gymId);
        return many(ids, await leaderboardsByGymIds(db, ids, keys[0]!.days, keys[0]!.first), (row) => row.gymId);
      },
    ),
    /** Active devices only. */
    devicesByUserId: new DataLoader<string, DeviceRow[]>(async (ids) => many(ids, await findActiveDevicesByUserIds(db, ids), (row) => row.userId)),
    sessionPage: pageLoader(
      (userIds, limit, after) => findSessionPages(db, userIds, limit, after),
      (row) => row.userId,
    ),
    ratingById: new DataLoader<string, RatingRow | null>(async (ids) => one(ids, await findRatingsByIds(db, ids), (row) => row.id)),
    ratingByUserAndRoute: new DataLoader<UserRouteKey, RatingRow | null, string>((keys) => loadUserRatings(db, keys), {
      cacheKeyFn: (key) => `${key.userId}|${key.routeId}`,
    }),
    /** null for a route nobody rated. */
    ratingSummaryByRouteId: new DataLoader<string, RatingSummaryRow | null>(async (ids) => one(ids, await ratingSummaries(db, ids), (row) => row.routeId)),
    /** null until enough climbers suggested a grade. */
    communityGradeByRouteId: new DataLoader<string, CommunityGradeRow | null>(async (ids) =>
      one(ids, await communityGrades(db, ids, COMMUNITY_GRADE_MIN_SUGGESTIONS), (row) => row.routeId),
    ),
    /** null for a route nobody logged. */
    ascentsByRouteId: new DataLoader<string, AscentsRow | null>(async (ids) => one(ids, await ascentsByRouteIds(db, ids), (row) => row.routeId)),
    ratingPage: pageLoader(
      (routeIds, limit, after) => findRatingPages(db, routeIds, limit, after),
      (row) => row.routeId,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
