import type { ApolloCache, Reference } from '@apollo/client/cache';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import type { DeleteClimbMutation, DeleteSessionMutation, StartSessionMutation } from './__generated__/operations';
import { parseDuration } from '@clmb/scalars';
import { adjustStats } from './stats';

/*
 * `update` functions for the mutations whose result alone cannot update the cache. The others
 * (updateSession, endSession, logClimb, updateClimb) select what changed, normalised by id: see
 * schema/operations/sessions.graphql, where each mutation says how the cache follows it.
 */

interface CachedSession {
  id: string;
  startTime: string;
  duration: string | null;
  climbs: { id: string; sent: boolean }[];
}
interface ViewerSessions {
  me: { __typename: 'User'; id: string; sessions: { edges: { node: CachedSession }[] } | null } | null;
}

// Read from the cache only, never sent: the signed-in user's sessions as the logbook cached them
// (`sessions` has no key arguments, so this reads every page loaded so far).
const VIEWER_SESSIONS: TypedDocumentNode<ViewerSessions> = parse(/* GraphQL */ `
  query ClmbCachedViewerSessions {
    me { id sessions { edges { node { id startTime duration climbs { id sent } } } } }
  }
`);

function viewerSessions(cache: ApolloCache) {
  const me = cache.readQuery({ query: VIEWER_SESSIONS })?.me;
  if (!me?.sessions) return null;
  return { user: { __ref: cache.identify(me)! } as Reference, sessions: me.sessions.edges.map((edge) => edge.node) };
}

type Edge = { node: Reference } & Record<string, unknown>;
type SessionConnection = { edges: Edge[]; totalCount?: number; pageInfo?: { hasNextPage?: boolean } };

/** Rewrites a user's cached `sessions` connection (every page, one storage key), if cached. */
function modifySessions(cache: ApolloCache, user: Reference, change: (connection: SessionConnection) => SessionConnection): void {
  cache.modify({ id: user.__ref, fields: { sessions: (value) => (value?.edges ? change(value) : value) } });
}

const counted = (connection: SessionConnection, by: number) =>
  connection.totalCount === undefined ? {} : { totalCount: connection.totalCount + by };

/**
 * startSession: puts the new session into the viewer's cached `sessions`, where the server will
 * list it (newest `startTime` first), and counts it in `totalCount`. A session that sorts after the
 * last cached one while more pages exist is left for `fetchMore` to bring. The new edge has no
 * cursor (the mutation returns a Session, not an edge): on the last page `endCursor` may then read
 * "", which is harmless, as `fetchMore` only follows it while `hasNextPage`. The mutation's
 * `user.stats` selection refreshes the totals.
 */
export function addStartedSession(cache: ApolloCache, { data }: { data?: StartSessionMutation | null }): void {
  const session = data?.startSession;
  if (!session) return;
  const cached = viewerSessions(cache);
  if (!cached || cached.user.__ref !== cache.identify(session.user)) return;
  const startOf = new Map(cached.sessions.map((s) => [cache.identify({ __typename: 'Session', id: s.id }), s.startTime]));
  const node = { __ref: cache.identify(session)! };
  modifySessions(cache, cached.user, (connection) => {
    if (connection.edges.some((edge) => edge.node.__ref === node.__ref)) return connection;
    const at = connection.edges.findIndex((edge) => (startOf.get(edge.node.__ref) ?? '') < session.startTime);
    if (at < 0 && connection.pageInfo?.hasNextPage) return connection;
    const edges = [...connection.edges];
    edges.splice(at < 0 ? edges.length : at, 0, { __typename: 'SessionEdge', node });
    return { ...connection, edges, ...counted(connection, 1) };
  });
}

/**
 * deleteSession: drops the session from the viewer's cached `sessions` (`totalCount` - 1), takes
 * it off the cached stats, evicts Session:<id>, and lets `gc` collect its climbs.
 */
export function removeDeletedSession(cache: ApolloCache, { data }: { data?: DeleteSessionMutation | null }): void {
  const id = data?.deleteSession;
  if (!id) return;
  const ref = cache.identify({ __typename: 'Session', id })!;
  const cached = viewerSessions(cache);
  const session = cached?.sessions.find((s) => s.id === id);
  if (cached && session) {
    modifySessions(cache, cached.user, (connection) => {
      const edges = connection.edges.filter((edge) => edge.node.__ref !== ref);
      return edges.length === connection.edges.length ? connection : { ...connection, edges, ...counted(connection, -1) };
    });
    adjustStats(cache, cached.user, {
      sessionCount: -1,
      climbCount: -session.climbs.length,
      sendCount: -session.climbs.filter((climb) => climb.sent).length,
      durationMs: -(session.duration ? (parseDuration(session.duration) ?? 0) : 0),
    });
  }
  cache.evict({ id: ref });
  cache.gc();
}

/**
 * deleteClimb: drops the climb from its session's cached `climbs`, takes it off the viewer's
 * cached stats when it was one of theirs, evicts Climb:<id> and collects garbage.
 */
export function removeDeletedClimb(cache: ApolloCache, { data }: { data?: DeleteClimbMutation | null }): void {
  const id = data?.deleteClimb;
  if (!id) return;
  const ref = cache.identify({ __typename: 'Climb', id })!;
  const cached = viewerSessions(cache);
  const session = cached?.sessions.find((s) => s.climbs.some((climb) => climb.id === id));
  if (cached && session) {
    cache.modify<{ climbs: Reference[] }>({
      id: cache.identify({ __typename: 'Session', id: session.id })!,
      fields: { climbs: (climbs) => climbs.filter((climb) => climb.__ref !== ref) },
    });
    const sent = session.climbs.find((climb) => climb.id === id)!.sent;
    adjustStats(cache, cached.user, { climbCount: -1, sendCount: sent ? -1 : 0 });
  }
  cache.evict({ id: ref });
  cache.gc();
}
