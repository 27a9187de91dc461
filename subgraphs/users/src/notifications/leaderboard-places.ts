import { DAY_MS } from '@clmb/common';
import { leaderboardQuery } from '../community/gym-fields';
import { type LeaderboardRow, leaderboardsByGymIds } from '../community/gym-fields-store';
import type { Context } from '../context';
import { viewersWhoMaySee } from '../privacy/privacy';
import { type NotificationInput, recordNotifications } from './notify';

/** The places a climber is told they lost: the MONTH leaderboard's top 10. */
const QUERY = leaderboardQuery('MONTH', 10);
const WINDOW_DAYS = QUERY.days ?? 30;

/** The viewer's gyms' MONTH top 10 before their write: what `placesTaken` compares with after it. */
export interface StandingsBefore {
  actorId: string;
  gymIds: string[];
  rows: LeaderboardRow[];
}

/** A send the write makes, at a gym, in a session that started when. */
export interface SendWritten {
  gymId: string | null;
  startTime: Date;
}

/**
 * Before a write of the viewer's climbs (logClimb, updateClimb, importLogbook): the MONTH top 10
 * of each gym where the write makes a graded send that can count on it (its session started in
 * the window). Null, and nothing read, when no send counts or the viewer is not on leaderboards
 * (`showOnLeaderboards`). Costs one leaderboard statement over those gyms' sends of the month.
 */
export async function standingsBefore(ctx: Context, sends: readonly SendWritten[]): Promise<StandingsBefore | null> {
  const viewer = ctx.viewer;
  const since = Date.now() - WINDOW_DAYS * DAY_MS;
  const gymIds = [...new Set(sends.flatMap((send) => (send.gymId && send.startTime.getTime() >= since ? [send.gymId] : [])))];
  if (!viewer || gymIds.length === 0) return null;
  if (!(await ctx.loaders.preferencesByUserId.load(viewer.id))?.showOnLeaderboards) return null;
  return { actorId: viewer.id, gymIds, rows: await leaderboardsByGymIds(ctx.db, gymIds, QUERY) };
}

/**
 * After the write committed, in the background (a failure is logged, the write stands): the
 * climbers of each gym's top 10 before whom the actor had not passed yet (at or above the actor,
 * or the actor was not in the top 10), whom the actor now has more points than, and who may see
 * the actor's entry (privacy's rule), are told LEADERBOARD_PLACE_TAKEN, at most once a day per
 * actor and gym. Costs one more leaderboard statement, one for privacy, and notifyAll's few.
 */
export function placesTaken(ctx: Context, before: StandingsBefore | null): void {
  if (!before) return;
  tellPlacesTaken(ctx, before).catch((error: unknown) => ctx.logger.warn({ err: error }, 'could not tell of leaderboard places taken'));
}

async function tellPlacesTaken(ctx: Context, before: StandingsBefore): Promise<void> {
  const after = await leaderboardsByGymIds(ctx.db, before.gymIds, QUERY);
  const day = new Date().toISOString().slice(0, 10);
  const inputs: NotificationInput[] = before.gymIds.flatMap((gymId) => {
    const was = before.rows.filter((row) => row.gymId === gymId);
    const now = new Map(after.filter((row) => row.gymId === gymId).map((row) => [row.userId, row.points]));
    const actorNow = now.get(before.actorId);
    if (actorNow === undefined) return [];
    const actorWas = was.find((row) => row.userId === before.actorId)?.points ?? Number.NEGATIVE_INFINITY;
    return was
      .filter((row) => row.userId !== before.actorId && row.points >= actorWas && actorNow > (now.get(row.userId) ?? row.points))
      .map((row) => ({
        recipientId: row.userId,
        kind: 'LEADERBOARD_PLACE_TAKEN' as const,
        actorId: before.actorId,
        gymId,
        once: `LEADERBOARD_PLACE_TAKEN:${gymId}:${before.actorId}:${day}`,
      }));
  });
  // A climber who may not see the actor's entry (privacy's rule) is not told that they passed.
  const audience = await viewersWhoMaySee(ctx.db, before.actorId, [...new Set(inputs.map((input) => input.recipientId))]);
  const told = inputs.filter((input) => audience.has(input.recipientId));
  if (told.length === 0) return;
  const { afterCommit } = await ctx.db.transaction((tx) => recordNotifications(ctx, tx, told));
  afterCommit();
}
