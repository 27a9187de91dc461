import { pageSize, present } from '@clmb/common';
import type { UserRow } from '@clmb/drizzle/users';
import type { Context } from '../context';
import { visibleItems } from '../privacy/privacy';
import type { LeaderboardQuery, LeaderboardRow } from './gym-fields-store';
import { UNLISTED_DELAY_DAYS } from './public-counts';

/** A gym of the gyms service, to which this service adds fields: only its id is known here. */
export interface GymParent {
  id: string;
}

/** One climber's place on a gym's leaderboard. */
export type LeaderboardEntryParent = LeaderboardRow;

type LeaderboardPeriod = 'WEEK' | 'MONTH' | 'ALL_TIME';

const PERIOD_DAYS: Record<LeaderboardPeriod, number | null> = { WEEK: 7, MONTH: 30, ALL_TIME: null };

/** The windows the SDL's field names promise: `sessionsLast7Days`, `activeClimbersLast30Days`. */
const ACTIVITY_WINDOWS = { sessionDays: 7, climberDays: 30, unlistedDelayDays: UNLISTED_DELAY_DAYS };

export async function activity(ctx: Context, gym: GymParent) {
  const row = await ctx.loaders.activityByGym.load({ gymId: gym.id, ...ACTIVITY_WINDOWS });
  return {
    sessionsLast7Days: row?.sessions ?? 0,
    activeClimbersLast30Days: row?.climbers ?? 0,
    privateSessionsLast7Days: row?.privateSessions ?? 0,
    privateActiveClimbersLast30Days: row?.privateClimbers ?? 0,
  };
}

/** How `Gym.leaderboard` ranks the top `first` of `period`, for gym-fields-store's leaderboardsByGymIds. */
export const leaderboardQuery = (period: LeaderboardPeriod, first: number): LeaderboardQuery => ({ days: PERIOD_DAYS[period], first });

type LeaderboardArgs = { period?: LeaderboardPeriod | null; first?: number | null };

/**
 * The gym-wide top `first`, then only the entries whose climbers the viewer may see (the rule, on
 * the account): ranks stay gym-wide, so a left-out entry is a gap, and `hidden` counts them.
 */
async function visibleLeaderboard(ctx: Context, gym: GymParent, args: LeaderboardArgs): Promise<{ visible: LeaderboardEntryParent[]; hidden: number }> {
  const entries = await ctx.loaders.leaderboardByGym.load({ gymId: gym.id, ...leaderboardQuery(args.period ?? 'MONTH', pageSize(args.first, 10)) });
  return visibleItems(ctx, entries, (entry) => entry.userId);
}

export const leaderboard = async (ctx: Context, gym: GymParent, args: LeaderboardArgs) => (await visibleLeaderboard(ctx, gym, args)).visible;

/** How many of the top `first` `leaderboard` left out ("+N private"). */
export const leaderboardPrivateCount = async (ctx: Context, gym: GymParent, args: LeaderboardArgs) => (await visibleLeaderboard(ctx, gym, args)).hidden;

export const entryUser = async (ctx: Context, entry: LeaderboardEntryParent): Promise<UserRow> =>
  present(await ctx.loaders.userById.load(entry.userId), `user ${entry.userId} of a leaderboard`);
