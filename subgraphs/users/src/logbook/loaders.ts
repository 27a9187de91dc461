import { keysetPageLoader, manyLoader, oneLoader, prime } from '@clmb/common';
import type { ClimbRow, SessionRow } from '@clmb/drizzle/users';
import type DataLoader from 'dataloader';
import type { UsersDb } from '../db';
import { findClimbsByIds, findClimbsBySessionIds } from './climb-store';
import { countNarrowedSessions, findSessionPages, findSessionPagesWithClimbs, findSessionsByIds, type SessionClimbRow } from './session-store';
import { summariesBySessionIds } from './session-summary-store';

/**
 * The sessions of pages read with their climbs (a row per climb, in page order), each page
 * session's climbs primed into `climbsBySessionId` ([] for none): `Session.climbs` then needs no
 * statement. Not the row past a page (`limit` is the page size plus one), read without its climbs.
 */
function climbsPrimed(climbsBySessionId: DataLoader<string, ClimbRow[]>, rows: readonly SessionClimbRow[], limit: number): SessionRow[] {
  const sessions: SessionRow[] = [];
  const climbsOfPage = new Map<string, ClimbRow[]>();
  let rank = 0;
  for (const { session, climb } of rows) {
    const last = sessions.at(-1);
    if (last?.id !== session.id) {
      rank = last?.userId === session.userId ? rank + 1 : 1;
      sessions.push(session);
      if (rank < limit) climbsOfPage.set(session.id, []);
    }
    if (climb) climbsOfPage.get(session.id)?.push(climb);
  }
  for (const [sessionId, climbs] of climbsOfPage) prime(climbsBySessionId, climbs, sessionId);
  return sessions;
}

/** The logbook's loaders, new per request (see ../loaders.ts). */
export const logbookLoaders = (db: UsersDb) => {
  const climbsBySessionId = manyLoader((ids) => findClimbsBySessionIds(db, ids), (row) => row.sessionId);
  return {
    sessionById: oneLoader((ids) => findSessionsByIds(db, ids), (row) => row.id),
    climbById: oneLoader((ids) => findClimbsByIds(db, ids), (row) => row.id),
    climbsBySessionId,
    sessionPage: keysetPageLoader((userIds, limit, after, allowed) => findSessionPages(db, userIds, limit, after, { allowed }), (row) => row.userId),
    /** `sessionPage` for a page whose climbs are asked for too: one statement for both. */
    sessionPageWithClimbs: keysetPageLoader(
      async (userIds, limit, after, allowed) => climbsPrimed(climbsBySessionId, await findSessionPagesWithClimbs(db, userIds, limit, after, { allowed }), limit),
      (row) => row.userId,
    ),
    /** A user's narrowed sessions counted per visibility; none for a user who narrowed none. */
    narrowedSessionCounts: manyLoader((ids) => countNarrowedSessions(db, ids), (row) => row.userId),
    /** null for a session without climbs. */
    summaryBySessionId: oneLoader((ids) => summariesBySessionIds(db, ids), (row) => row.sessionId),
  };
};
