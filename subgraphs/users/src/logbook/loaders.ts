import { keysetPageLoader, manyLoader, oneLoader } from '@clmb/common';
import type { UsersDb } from '../db';
import { findClimbsByIds, findClimbsBySessionIds } from './climb-store';
import { countNarrowedSessions, findSessionPages, findSessionsByIds } from './session-store';
import { summariesBySessionIds } from './session-summary-store';

/** The logbook's loaders, new per request (see ../loaders.ts). */
export const logbookLoaders = (db: UsersDb) => ({
  sessionById: oneLoader((ids) => findSessionsByIds(db, ids), (row) => row.id),
  climbById: oneLoader((ids) => findClimbsByIds(db, ids), (row) => row.id),
  climbsBySessionId: manyLoader((ids) => findClimbsBySessionIds(db, ids), (row) => row.sessionId),
  sessionPage: keysetPageLoader((userIds, limit, after, allowed) => findSessionPages(db, userIds, limit, after, { allowed }), (row) => row.userId),
  /** A user's narrowed sessions counted per visibility; none for a user who narrowed none. */
  narrowedSessionCounts: manyLoader((ids) => countNarrowedSessions(db, ids), (row) => row.userId),
  /** null for a session without climbs. */
  summaryBySessionId: oneLoader((ids) => summariesBySessionIds(db, ids), (row) => row.sessionId),
});
