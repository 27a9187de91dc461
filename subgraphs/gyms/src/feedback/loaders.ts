import { groupedLoader, keysetPageLoader, many, oneLoader } from '@clmb/common';
import type { RouteReportRow } from '@clmb/drizzle/gyms';
import type { GymsDb } from '../db';
import { countVotesByRouteIds, findVotedRouteIds } from './renew-vote-store';
import { countOpenByRouteIds, findQueuesOfGyms, findReportPagesOfReporters, findReportsByIds, type QueuePosition } from './report-store';

/** A count per key, 0 for a key the statement left out. */
const counts = (keys: readonly string[], rows: { routeId: string; count: number }[]) => {
  const byRoute = new Map(rows.map((row) => [row.routeId, row.count]));
  return keys.map((key) => byRoute.get(key) ?? 0);
};

interface VoteOfUser {
  routeId: string;
  userId: string;
}

/** One page of one gym's report queue: `limit` is the page size plus one. */
interface QueuePage {
  gymId: string;
  resolved: boolean;
  limit: number;
  after: QueuePosition | null;
}

const queueGroup = (key: QueuePage) => `${key.resolved}|${key.limit}|${key.after ? `${key.after.time.toISOString()}|${key.after.id}` : ''}`;

/** A loader of one count per route, every key of a batch in one statement (a grouped loader of one group). */
const countLoader = (fetch: (routeIds: string[]) => Promise<{ routeId: string; count: number }[]>) =>
  groupedLoader<string, number>({ cacheKey: (key) => key, group: () => 'all', load: async (keys) => counts(keys, await fetch(keys)) });

/** Renew votes and route reports, new per request (see ../loaders.ts). */
export function feedbackLoaders(db: GymsDb) {
  return {
    renewVoteCountByRouteId: countLoader((ids) => countVotesByRouteIds(db, ids)),
    openReportCountByRouteId: countLoader((ids) => countOpenByRouteIds(db, ids)),
    /** Whether a user voted on a route: one statement per user (a request has one viewer). */
    renewVoteOfUser: groupedLoader<VoteOfUser, boolean>({
      cacheKey: (key) => `${key.userId}:${key.routeId}`,
      group: (key) => key.userId,
      load: async (keys) => {
        const voted = new Set((await findVotedRouteIds(db, keys[0]!.userId, keys.map((key) => key.routeId))).map((row) => row.routeId));
        return keys.map((key) => voted.has(key.routeId));
      },
    }),
    reportById: oneLoader((ids) => findReportsByIds(db, ids), (row) => row.id),
    /** Gyms' report queues, oldest first: pages of one status, size and cursor share a statement. */
    reportQueueByGymId: groupedLoader<QueuePage, RouteReportRow[]>({
      cacheKey: (key) => `${key.gymId}|${queueGroup(key)}`,
      group: queueGroup,
      load: async (keys) => {
        const { resolved, limit, after } = keys[0]!;
        return many(
          keys.map((key) => key.gymId),
          await findQueuesOfGyms(db, keys.map((key) => key.gymId), resolved, limit, after),
          (row) => row.gymId,
        );
      },
    }),
    /** Reporters' own reports, newest first. */
    reportPagesByReporterId: keysetPageLoader((reporterIds, limit, after) => findReportPagesOfReporters(db, reporterIds, limit, after), (row) => row.reporterId),
  };
}
