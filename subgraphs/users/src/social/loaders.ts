import { keysetPageLoader, oneLoader, type Viewer } from '@clmb/common';
import type { UsersDb } from '../db';
import {
  findBlockPages,
  findFollowCounts,
  findFollowerPages,
  findFollowingPages,
  findFollowRequestPages,
  findStandings,
  type StandingRow,
} from './follow-store';

/** One row of a climber's follow list: the climber at the other end (`id`), and since when. */
export interface FollowLink {
  parentId: string;
  id: string;
  createdAt: Date;
}

const links = <R extends { createdAt: Date }>(rows: R[], parentOf: (row: R) => string, otherOf: (row: R) => string): FollowLink[] =>
  rows.map((row) => ({ parentId: parentOf(row), id: otherOf(row), createdAt: row.createdAt }));

/**
 * Following's loaders, new per request and bound to its viewer (the lists leave out climbers a
 * block stands between them and the viewer; the standing is the viewer's).
 */
export const socialLoaders = (db: UsersDb, viewer: Viewer | null) => {
  const params = { viewerId: viewer?.id ?? null };
  return {
    followerPage: keysetPageLoader(
      async (ids, limit, after) => links(await findFollowerPages(db, ids, limit, after, params), (row) => row.followeeId, (row) => row.followerId),
      (link) => link.parentId,
    ),
    followingPage: keysetPageLoader(
      async (ids, limit, after) => links(await findFollowingPages(db, ids, limit, after, params), (row) => row.followerId, (row) => row.followeeId),
      (link) => link.parentId,
    ),
    followRequestPage: keysetPageLoader(
      async (ids, limit, after) => links(await findFollowRequestPages(db, ids, limit, after), (row) => row.targetId, (row) => row.requesterId),
      (link) => link.parentId,
    ),
    blockPage: keysetPageLoader(
      async (ids, limit, after) => links(await findBlockPages(db, ids, limit, after), (row) => row.blockerId, (row) => row.blockedId),
      (link) => link.parentId,
    ),
    /** null: no follows either way yet. */
    followCountsOf: oneLoader((ids) => findFollowCounts(db, ids), (row) => row.userId),
    /** The viewer's standing with each climber; null without a viewer, or for a climber with no account. */
    standingOf: oneLoader<StandingRow>(async (ids) => (viewer ? await findStandings(db, viewer.id, ids) : []), (row) => row.userId),
  };
};
