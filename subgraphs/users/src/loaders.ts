import type { ClimbRow, SessionRow, UserRow } from '@clmb/drizzle/users';
import DataLoader from 'dataloader';
import { findClimbsByIds, findClimbsBySessionIds } from './climb-store';
import type { UsersDb } from './db';
import { findSessionPages, findSessionsByIds, type SessionCursor } from './session-store';
import { statsByUserIds, type UserStats } from './stats-store';
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
  const results = new Map<string, SessionRow[]>();
  await Promise.all(
    [...groups.values()].map(async (group) => {
      const first = group[0]!;
      const pages = await findSessionPages(db, [...new Set(group.map((k) => k.userId))], first.limit, first.after);
      for (const key of group) results.set(pageKey(key), pages.get(key.userId) ?? []);
    }),
  );
  return keys.map((key) => results.get(pageKey(key)) ?? []);
}

/** New per request, so nothing cached outlives the request or leaks between viewers. */
export function createLoaders(db: UsersDb) {
  return {
    userById: new DataLoader<string, UserRow | null>((ids) => findUsersByIds(db, ids)),
    sessionById: new DataLoader<string, SessionRow | null>((ids) => findSessionsByIds(db, ids)),
    climbById: new DataLoader<string, ClimbRow | null>((ids) => findClimbsByIds(db, ids)),
    climbsBySessionId: new DataLoader<string, ClimbRow[]>((ids) => findClimbsBySessionIds(db, ids)),
    statsByUserId: new DataLoader<string, UserStats>((ids) => statsByUserIds(db, ids)),
    sessionPage: new DataLoader<SessionPageKey, SessionRow[], string>((keys) => loadSessionPages(db, keys), { cacheKeyFn: pageKey }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
