import { groupedLoader, type KeysetCursor, many, oneLoader } from '@clmb/common';
import type { Viewer } from '@clmb/common';
import DataLoader from 'dataloader';
import type { UsersDb } from '../db';
import { countComments, findCommentPages, findCommentsByIds } from './comment-store';
import { countKudos, findKudoed, findKudosByIds } from './kudos-store';

const counts = (fetch: (ids: readonly string[]) => Promise<{ id: string; count: number }[]>) =>
  new DataLoader<string, number>(async (ids) => {
    const byId = new Map((await fetch(ids)).map((row) => [row.id, row.count]));
    return ids.map((id) => byId.get(id) ?? 0);
  });

const kudoed = (fetch: (ids: readonly string[]) => Promise<string[]>) =>
  new DataLoader<string, boolean>(async (ids) => {
    const given = new Set(await fetch(ids));
    return ids.map((id) => given.has(id));
  });

interface CommentPageKey {
  sessionId: string;
  limit: number;
  after: KeysetCursor | null;
}
const pageGroup = (key: CommentPageKey) => `${key.limit}|${key.after ? `${key.after.time.toISOString()}|${key.after.id}` : ''}`;

/**
 * Kudos' and comments' loaders, new per request and bound to its viewer: each count, each
 * "have I", and each first page of a page of sessions or climbs is one statement.
 */
export const reactionLoaders = (db: UsersDb, viewer: Viewer | null) => ({
  kudosById: oneLoader((ids) => findKudosByIds(db, ids), (row) => row.id),
  kudosCountBySessionId: counts((ids) => countKudos(db, 'sessionId', ids)),
  kudosCountByClimbId: counts((ids) => countKudos(db, 'climbId', ids)),
  viewerKudoedSession: kudoed(async (ids) => (viewer ? await findKudoed(db, viewer.id, 'sessionId', ids) : [])),
  viewerKudoedClimb: kudoed(async (ids) => (viewer ? await findKudoed(db, viewer.id, 'climbId', ids) : [])),
  commentById: oneLoader((ids) => findCommentsByIds(db, ids), (row) => row.id),
  commentCountBySessionId: counts(async (ids) => (await countComments(db, ids, viewer?.id ?? null)).map((row) => ({ id: row.sessionId, count: row.count }))),
  commentPage: groupedLoader({
    cacheKey: (key: CommentPageKey) => `${key.sessionId}|${pageGroup(key)}`,
    group: pageGroup,
    load: async (keys) => {
      const sessionIds = keys.map((key) => key.sessionId);
      return many(sessionIds, await findCommentPages(db, sessionIds, keys[0]!.limit, keys[0]!.after), (row) => row.sessionId);
    },
  }),
});
