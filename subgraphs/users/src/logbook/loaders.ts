import { keysetPageLoader, manyLoader, oneLoader, prime } from '@clmb/common';
import type { ClimbRow, SessionRow, UserRow } from '@clmb/drizzle/users';
import type DataLoader from 'dataloader';
import type { UsersDb } from '../db';
import { findClimbsByIds, findClimbsBySessionIds } from './climb-store';
import { countNarrowedSessions, findSessionPages, findSessionPagesWithClimbs, findSessionsByIds, type PageSessionRow, type SessionClimbsRow } from './session-store';
import { summariesBySessionIds } from './session-summary-store';

/** The sessions of pages, each page's owner (read on its first row) kept in `owners`. */
function ownersKept(owners: Map<string, UserRow>, rows: readonly PageSessionRow[]): SessionRow[] {
  return rows.map(({ session, owner }) => {
    if (owner) owners.set(owner.id, owner);
    return session;
  });
}

/**
 * Pages read with their climbs: `ownersKept`, and each page session's climbs primed into
 * `climbsBySessionId` ([] for none): `Session.climbs` then needs no statement. Not the row past a
 * page, read without its climbs.
 */
function climbsPrimed(owners: Map<string, UserRow>, climbsBySessionId: DataLoader<string, ClimbRow[]>, rows: readonly SessionClimbsRow[]): SessionRow[] {
  for (const { session, climbs } of rows) if (climbs) prime(climbsBySessionId, climbs, session.id);
  return ownersKept(owners, rows);
}

/** The logbook's loaders, new per request (see ../loaders.ts). */
export const logbookLoaders = (db: UsersDb) => {
  const climbsBySessionId = manyLoader((ids) => findClimbsBySessionIds(db, ids), (row) => row.sessionId);
  const pageOwners = new Map<string, UserRow>();
  return {
    sessionById: oneLoader((ids) => findSessionsByIds(db, ids), (row) => row.id),
    climbById: oneLoader((ids) => findClimbsByIds(db, ids), (row) => row.id),
    climbsBySessionId,
    sessionPage: keysetPageLoader(
      async (userIds, limit, after, allowed) => ownersKept(pageOwners, await findSessionPages(db, userIds, limit, after, { allowed })),
      (row) => row.userId,
    ),
    /** `sessionPage` for a page whose climbs are asked for too: one statement for both. */
    sessionPageWithClimbs: keysetPageLoader(
      async (userIds, limit, after, allowed) => climbsPrimed(pageOwners, climbsBySessionId, await findSessionPagesWithClimbs(db, userIds, limit, after, { allowed })),
      (row) => row.userId,
    ),
    /**
     * The users whose session pages this request read, as those pages' statements read them (a
     * page that is not empty reads its owner's row along): `me` answers from here rather than
     * reading the viewer's row in a statement of its own.
     */
    pageOwners: pageOwners as ReadonlyMap<string, UserRow>,
    /** A user's narrowed sessions counted per visibility; none for a user who narrowed none. */
    narrowedSessionCounts: manyLoader((ids) => countNarrowedSessions(db, ids), (row) => row.userId),
    /** null for a session without climbs. */
    summaryBySessionId: oneLoader((ids) => summariesBySessionIds(db, ids), (row) => row.sessionId),
  };
};
