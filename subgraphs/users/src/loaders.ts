import { many, one } from '@clmb/common';
import type { ClimbRow, DeviceRow, SessionRow, UserRow } from '@clmb/drizzle/users';
import DataLoader from 'dataloader';
import { findClimbsByIds, findClimbsBySessionIds } from './climb-store';
import type { UsersDb } from './db';
import { findActiveDevicesByUserIds } from './device-store';
import { findSessionPages, findSessionsByIds, type SessionCursor } from './session-store';
import { type StatsRow, statsByUserIds } from './stats-store';
import { findUsersByIds } from './user-store';

/** One page of one user's sessions: `limit` is the page size plus one, to tell whether more follow. */
export interface SessionPageKey {
  userId: string;
  limit: number;
  after: SessionCursor | null;
}

// Pages of the same size after the same cursor can share one query.
const groupKey = (key: SessionPageKey) => `${key.limit}|${key.after?.startTime.toISOString() ?? ''}|${key.after?.id ?? ''}`;
const pageKey = (key: SessionPageKey) => `${key.userId}|${groupKey(key)}`;

/** Pages with the same size and cursor share one query; a first page for many users is one query. */
async function loadSessionPages(db: UsersDb, keys: readonly SessionPageKey[]): Promise<SessionRow[][]> {
  const groups = new Map<string, SessionPageKey[]>();
  for (const key of keys) groups.set(groupKey(key), [...(groups.get(groupKey(key)) ?? []), key]);
  const pages = new Map<SessionPageKey, SessionRow[]>();
  await Promise.all(
    [...groups.values()].map(async (group) => {
      const userIds = group.map((key) => key.userId);
      const rows = await findSessionPages(db, userIds, group[0]!.limit, group[0]!.after);
      many(userIds, rows, (row) => row.userId).forEach((page, i) => {
        pages.set(group[i]!, page);
      });
    }),
  );
  return keys.map((key) => pages.get(key) ?? []);
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
    sessionPage: new DataLoader<SessionPageKey, SessionRow[], string>((keys) => loadSessionPages(db, keys), { cacheKeyFn: pageKey }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
