import { many, one } from '@clmb/common';
import type { ClimbRow, DeviceRow, RatingRow, SessionRow, UserRow } from '@clmb/drizzle/users';
import DataLoader from 'dataloader';
import { type AscentsRow, ascentsByRouteIds } from './ascent-store';
import { findClimbsByIds, findClimbsBySessionIds } from './climb-store';
import type { UsersDb } from './db';
import { findActiveDevicesByUserIds } from './device-store';
import { type CommunityGradeRow, communityGrades, findRatingPages, findRatingsByIds, findRatingsOfUser, type RatingCursor, type RatingSummaryRow, ratingSummaries } from './rating-store';
import { findSessionPages, findSessionsByIds, type SessionCursor } from './session-store';
import { type StatsRow, statsByUserIds } from './stats-store';
import { findUsersByIds } from './user-store';

/** One page of one parent's rows (a user's sessions, a route's ratings): `limit` is the page size plus one, to tell whether more follow. */
export interface PageKey<C> {
  parentId: string;
  limit: number;
  after: C | null;
}

/** A user's rating of a route. */
export interface UserRouteKey {
  userId: string;
  routeId: string;
}

/** Suggestions a route needs before it has a community grade. */
export const COMMUNITY_GRADE_MIN_SUGGESTIONS = 3;

/**
 * Pages with the same size and cursor share one query, so a first page for many parents is one
 * query: `fetch` returns the rows of every parent asked for, each parent's in page order.
 */
function pageLoader<C, R>(
  cursorKey: (after: C) => string,
  fetch: (parentIds: string[], limit: number, after: C | null) => Promise<R[]>,
  parentOf: (row: R) => string,
) {
  const groupKey = (key: PageKey<C>) => `${key.limit}|${key.after ? cursorKey(key.after) : ''}`;
  return new DataLoader<PageKey<C>, R[], string>(
    async (keys) => {
      const groups = new Map<string, PageKey<C>[]>();
      for (const key of keys) groups.set(groupKey(key), [...(groups.get(groupKey(key)) ?? []), key]);
      const pages = new Map<PageKey<C>, R[]>();
      await Promise.all(
        [...groups.values()].map(async (group) => {
          const parentIds = group.map((key) => key.parentId);
          const rows = await fetch(parentIds, group[0]!.limit, group[0]!.after);
          many(parentIds, rows, parentOf).forEach((page, i) => {
            pages.set(group[i]!, page);
          });
        }),
      );
      return keys.map((key) => pages.get(key) ?? []);
    },
    { cacheKeyFn: (key) => `${key.parentId}|${groupKey(key)}` },
  );
}

/** Ratings of routes by user: one query per user, and a request has one viewer. */
async function loadUserRatings(db: UsersDb, keys: readonly UserRouteKey[]): Promise<(RatingRow | null)[]> {
  const userIds = [...new Set(keys.map((key) => key.userId))];
  const rows = (await Promise.all(userIds.map((userId) => findRatingsOfUser(db, userId, keys.filter((k) => k.userId === userId).map((k) => k.routeId))))).flat();
  return one(keys.map((key) => `${key.userId}|${key.routeId}`), rows, (row) => `${row.userId}|${row.routeId}`);
}

/** New per request, so nothing cached outlives the request or leaks between viewers. */
export function createLoaders(db: UsersDb) {
  return {
    userById: new DataLoader<string, UserRow | null>(async (ids) => one(ids, await findUsersByIds(db, ids), (row) => row.id)),
    sessionById: new DataLoader<string, SessionRow | null>(async (ids) => one(ids, await findSessionsByIds(db, ids), (row) => row.id)),
    climbById: new DataLoader<string, ClimbRow | null>(async (ids) => one(ids, await findClimbsByIds(db, ids), (row) => row.id)),
    climbsBySessionId: new DataLoader<string, ClimbRow[]>(async (ids) => many(ids, await findClimbsBySessionIds(db, ids), (row) => row.sessionId)),
    /** null for a user without sessions. */
    statsByUserId: new DataLoader<string, StatsRow | null>(async (ids) => one(ids, await statsByUserIds(db, ids), (row) => row.userId)),
    /** Active devices only. */
    devicesByUserId: new DataLoader<string, DeviceRow[]>(async (ids) => many(ids, await findActiveDevicesByUserIds(db, ids), (row) => row.userId)),
    sessionPage: pageLoader<SessionCursor, SessionRow>(
      (after) => `${after.startTime.toISOString()}|${after.id}`,
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
    ratingPage: pageLoader<RatingCursor, RatingRow>(
      (after) => `${after.createdAt.toISOString()}|${after.id}`,
      (routeIds, limit, after) => findRatingPages(db, routeIds, limit, after),
      (row) => row.routeId,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
