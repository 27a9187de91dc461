import { groupedLoader, many, one } from '@clmb/common';
import type { ClimbRow, Discipline } from '@clmb/drizzle/users';
import type { UsersDb } from '../db';
import { type Allowed, type GradeMonthRow, gradeMonthsByUserIds, hardestSendsByUserIds, type Period, type StatsRow, statsByUserIds } from './stats-store';

/** A user's statistics over a period (and of a discipline, where they depend on one), over what a viewer may see. */
export interface UserStatsKey {
  userId: string;
  period: Period;
  discipline?: Discipline;
  allowed: Allowed;
}

const periodKey = (period: Period) => `${period.from?.toISOString() ?? ''}..${period.to?.toISOString() ?? ''}`;
const statsGroup = (key: UserStatsKey) => `${periodKey(key.period)}|${key.discipline ?? ''}|${key.allowed?.join(',') ?? '*'}`;
const statsKey = (key: UserStatsKey) => `${key.userId}|${statsGroup(key)}`;

/** Loaders of many users' stats that share a period (and discipline): one aggregate a group. */
function statsLoader<V>(load: (userIds: string[], key: UserStatsKey) => Promise<V[]>) {
  return groupedLoader<UserStatsKey, V>({ cacheKey: statsKey, group: statsGroup, load: (keys) => load(keys.map((key) => key.userId), keys[0]!) });
}

/** Stats' loaders, new per request (see ../loaders.ts). */
export const statsLoaders = (db: UsersDb) => ({
  /** null for a user without sessions in the period. */
  statsByUser: statsLoader<StatsRow | null>(async (ids, key) => one(ids, await statsByUserIds(db, ids, key.period, key.allowed), (row) => row.userId)),
  /** Graded climbs of the key's discipline per (month, grade). */
  gradeMonthsByUser: statsLoader<GradeMonthRow[]>(async (ids, key) =>
    many(ids, await gradeMonthsByUserIds(db, ids, key.discipline!, key.period, key.allowed), (row) => row.userId),
  ),
  hardestSendByUser: statsLoader<ClimbRow | null>(async (ids, key) =>
    one(ids, await hardestSendsByUserIds(db, ids, key.discipline!, key.period, key.allowed), (row) => row.userId),
  ),
});
