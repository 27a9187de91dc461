import { keysetPageLoader, manyLoader, oneLoader, prime } from '@clmb/common';
import type { ClimbRow, SessionRow } from '@clmb/drizzle/users';
import type DataLoader from 'dataloader';
import type { UsersDb } from '../db';
import { findClimbsByIds, findClimbsBySessionIds } from './climb-store';
import { countNarrowedSessions, findSessionPages, findSessionPagesWithClimbs, findSessionsByIds, type SessionClimbsRow } from './session-store';
import { summariesBySessionIds } from './session-summary-store';

/**
 * The sessions of pages read with their climbs, each page session's climbs primed into
 * `climbsBySessionId` ([] for none): `Session.climbs` then needs no statement. Not the row past a
 * page, read without its climbs.
 */
function climbsPrimed(climbsBySessionId: DataLoader<string, ClimbRow[]>, rows: readonly SessionClimbsRow[]): SessionRow[] {
  return rows.map(({ session, climbs }) => {
    if (climbs) prime(climbsBySessionId, climbs, session.id);
    return session;
  });
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
      async (userIds, limit, after, allowed) => climbsPrimed(climbsBySessionId, await findSessionPagesWithClimbs(db, userIds, limit, after, { allowed })),
      (row) => row.userId,
    ),
    /** A user's narrowed sessions counted per visibility; none for a user who narrowed none. */
    narrowedSessionCounts: manyLoader((ids) => countNarrowedSessions(db, ids), (row) => row.userId),
    /** null for a session without climbs. */
    summaryBySessionId: oneLoader((ids) => summariesBySessionIds(db, ids), (row) => row.sessionId),
  };
};
