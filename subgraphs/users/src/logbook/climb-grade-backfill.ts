import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@clmb/common';
import { fillClimbGrades, findRoutesPendingGrade, type RouteGrade } from './climb-store';
import type { UsersDb } from '../db';
import type { GymsClient } from '../gyms-client/gyms-client';
import { frozenGrade } from './climbs';

interface BackfillOptions {
  /** Routes asked of gyms per request (their climbs are filled in one statement). */
  batchSize?: number;
  /** How long to wait before trying again while gyms cannot be reached. */
  retryMs?: number;
}

interface Backfill {
  /** Settles when the pass has finished, or stopped. */
  done: Promise<{ climbs: number; unknownRoutes: number }>;
  stop(): void;
}

/**
 * Freezes the grade of climbs logged before climbs kept one (Climb.grade), in the background after
 * the service starts: routes with such climbs in batches, their grades from gyms in one `_entities`
 * request per batch, their climbs filled in one UPDATE that only touches climbs still without a
 * grade, so a restart or a second replica doing the same is harmless. While gyms is down it waits
 * and tries the same batch again. A route gyms does not know is skipped (the next start retries
 * it). docs/operations.md, "How the climb grade backfill runs".
 */
export function startClimbGradeBackfill(db: UsersDb, gyms: Pick<GymsClient, 'routes'>, logger: Logger, options: BackfillOptions = {}): Backfill {
  const { batchSize = 500, retryMs = 30_000 } = options;
  const controller = new AbortController();
  // Ends early, quietly, when the backfill is stopped; no listener outlives its pause.
  const pause = (ms: number) => sleep(ms, undefined, { signal: controller.signal }).catch(() => undefined);

  async function run() {
    let after: string | null = null;
    let climbs = 0;
    let unknownRoutes = 0;
    while (!controller.signal.aborted) {
      let routeIds: string[];
      let grades: RouteGrade[];
      try {
        routeIds = await findRoutesPendingGrade(db, after, batchSize);
        if (routeIds.length === 0) break;
        const routes = await gyms.routes(routeIds);
        grades = routes.flatMap((route) =>
          route ? [{ routeId: route.id, ...frozenGrade(route) }] : [],
        );
        climbs += await fillClimbGrades(db, grades);
      } catch (error) {
        if (controller.signal.aborted) break;
        logger.warn({ err: error, retryInSeconds: retryMs / 1000 }, 'climb grade backfill: will try again');
        await pause(retryMs);
        continue;
      }
      unknownRoutes += routeIds.length - grades.length;
      after = routeIds.at(-1)!;
      logger.info({ climbs, routes: grades.length, unknownRoutes }, 'climb grade backfill: batch done');
    }
    if (climbs > 0 || unknownRoutes > 0) logger.info({ climbs, unknownRoutes }, 'climb grade backfill: finished');
    return { climbs, unknownRoutes };
  }

  return { done: run(), stop: () => controller.abort() };
}
