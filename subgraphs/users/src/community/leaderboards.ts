import { type EntityEvent, parseId, topics } from '@clmb/common';
import type { Context } from '../context';
import { type LeaderboardEntryParent, leaderboard } from './gym-fields';

type LeaderboardPeriod = 'WEEK' | 'MONTH' | 'ALL_TIME';

/** A gym's leaderboard for a period: the entries are read only when asked for. */
export interface LeaderboardParent {
  gymId: string;
  period: LeaderboardPeriod;
}

/** `Query.leaderboard`: null when the gyms service knows no gym with this id. */
export async function gymLeaderboard(ctx: Context, args: { gymId: string; period: LeaderboardPeriod }): Promise<LeaderboardParent | null> {
  const gymId = parseId(args.gymId, 'gymId');
  return (await ctx.gyms.gym(gymId)) ? { gymId, period: args.period } : null;
}

export const gym = (parent: LeaderboardParent) => ({ __typename: 'Gym' as const, id: parent.gymId });

/** The entries are `Gym.leaderboard`'s: the one place that decides who is on it and who sees whom. */
export const entries = (ctx: Context, parent: LeaderboardParent, args: { first?: number | null }): Promise<LeaderboardEntryParent[]> =>
  leaderboard(ctx, { id: parent.gymId }, { period: parent.period, first: args.first ?? null });

/**
 * After a write that may change these gyms' leaderboards commits: one event per gym, however many
 * climbs the write touched there (`Subscription.leaderboardChanged`).
 */
export function announceLeaderboards(ctx: Context, gymIds: Iterable<string>): void {
  const events: EntityEvent[] = [...new Set(gymIds)].map((id) => ({ topic: topics.leaderboardChanged(id), entity: { __typename: 'Gym', id } }));
  if (events.length > 0) ctx.events.publish(events);
}
