import type { ApolloCache, Modifier, ModifierDetails, Reference } from '@apollo/client/cache';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import type {
  AddGymStaffMutation,
  AddProjectMutation,
  DeleteClimbMutation,
  DeleteSessionMutation,
  PlanStripMutation,
  RemoveGymStaffMutation,
  RemoveProjectMutation,
  ReportRouteMutation,
  ResolveRouteReportMutation,
  SetWallGradeTargetsMutation,
  StartSessionMutation,
  UpdateProjectMutation,
} from './__generated__/operations';
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

export type Edge = { node: Reference } & Record<string, unknown>;
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

/* Issue 18: projects, reports, the strip list, wall plans and staff (docs/route-life.md, docs/staff.md). */

export type AnyConnection = { edges?: Edge[]; pageInfo?: { hasNextPage?: boolean } } & Record<string, unknown>;

/** The connection without the node `ref` (the same object when it was not in it). */
export function withoutNode<C extends AnyConnection>(connection: C, ref: string): C {
  const edges = connection.edges?.filter((edge) => edge.node.__ref !== ref);
  return edges && edges.length !== connection.edges?.length ? { ...connection, edges } : connection;
}

/**
 * The connection with `node` in a new first edge of `edgeType`, once. The edge has no cursor (a
 * mutation answers a node, not an edge); pages go on from `pageInfo.endCursor`, still the last edge's.
 */
export function withNodeFirst<C extends AnyConnection>(connection: C, node: Reference, edgeType: string): C {
  if (!connection.edges || connection.edges.some((edge) => edge.node.__ref === node.__ref)) return connection;
  return { ...connection, edges: [{ __typename: edgeType, cursor: '', node }, ...connection.edges] };
}

/** A modifier of a cached connection field (each of its key argument variants), typed as stored. */
export const onConnection = (
  modifier: (value: AnyConnection | undefined, details: ModifierDetails) => AnyConnection | undefined | ModifierDetails['DELETE'],
) => modifier as Modifier<unknown>;

/**
 * The key arguments a cached field was stored under, from its store field name: with key
 * arguments it is `projects:{"status":"ACTIVE"}`, without it is `projects`.
 */
export function keyArgsOf(storeFieldName: string): Record<string, unknown> {
  const at = storeFieldName.indexOf(':');
  if (at < 0) return {};
  try {
    return JSON.parse(storeFieldName.slice(at + 1)) as Record<string, unknown>;
  } catch {
    return {};
  }
}

const VIEWER: TypedDocumentNode<{ me: { __typename: 'User'; id: string } | null }> = parse(/* GraphQL */ `
  query ClmbCachedViewer {
    me { id }
  }
`);

/** The signed-in user's cache id, when the cache knows who that is. */
export function viewerId(cache: ApolloCache): string | undefined {
  const me = cache.readQuery({ query: VIEWER })?.me;
  return me ? cache.identify(me) : undefined;
}

/** Every cached Project (they are all the viewer's: projects are private) and its position. */
function cachedProjects(cache: ApolloCache): { ref: string; position: number }[] {
  const store = cache.extract() as Record<string, { __typename?: string; position?: unknown }>;
  return Object.entries(store).flatMap(([ref, value]) =>
    value?.__typename === 'Project' && typeof value.position === 'number' ? [{ ref, position: value.position }] : [],
  );
}

/**
 * addProject: puts the project last into the viewer's cached `projects` lists it belongs to: the
 * unfiltered list and a list of its `status`, once their last page is loaded (else `fetchMore`
 * brings it). A list filtered by `expiringWithin` depends on the clock: it is dropped and refetches.
 * The mutation's `route { projectCount myProject }` selection updates the route page.
 */
export function addAddedProject(cache: ApolloCache, { data }: { data?: AddProjectMutation | null }): void {
  const project = data?.addProject;
  const viewer = viewerId(cache);
  if (!project || !viewer) return;
  const node = { __ref: cache.identify(project)! } as Reference;
  cache.modify({
    id: viewer,
    fields: {
      projects: onConnection((value, { storeFieldName, DELETE }) => {
        const args = keyArgsOf(storeFieldName);
        if (args['expiringWithin'] !== undefined && args['expiringWithin'] !== null) return DELETE;
        if (!value?.edges || (args['status'] && args['status'] !== project.status)) return value;
        if (value.pageInfo?.hasNextPage || value.edges.some((edge: Edge) => edge.node.__ref === node.__ref)) return value;
        return { ...value, edges: [...value.edges, { __typename: 'ProjectEdge', node }] };
      }),
    },
  });
}

/**
 * removeProject: drops the project from every cached `projects` list, moves the cached projects
 * after it up one place (the server closes the gap), sets its route's `myProject` to null and takes
 * it off the route's `projectCount` when it was ACTIVE, evicts Project:<id> and collects garbage.
 */
export function removeRemovedProject(cache: ApolloCache, { data }: { data?: RemoveProjectMutation | null }): void {
  const id = data?.removeProject;
  if (!id) return;
  const ref = cache.identify({ __typename: 'Project', id })!;
  const removed = cache.extract() as Record<string, { position?: number; status?: string; route?: Reference } | undefined>;
  const project = removed[ref];
  const viewer = viewerId(cache);
  if (viewer) {
    cache.modify({
      id: viewer,
      fields: {
        projects: onConnection((value) => value && withoutNode(value, ref)),
      },
    });
  }
  if (project?.position !== undefined) {
    for (const other of cachedProjects(cache)) {
      if (other.ref !== ref && other.position > project.position) {
        cache.modify<{ position: number }>({ id: other.ref, fields: { position: (position) => position - 1 } });
      }
    }
  }
  if (project?.route?.__ref) {
    cache.modify<{ myProject: Reference | null; projectCount: number | null }>({
      id: project.route.__ref,
      fields: {
        myProject: (mine) => (mine?.__ref === ref ? null : mine),
        projectCount: (count) => (project.status === 'ACTIVE' && typeof count === 'number' ? Math.max(0, count - 1) : count),
      },
    });
  }
  cache.evict({ id: ref });
  cache.gc();
}

/**
 * updateProject with a `position`: `update: projectMoved(previousPosition)`, with the place the
 * project had before the move (the app has it: it is moving it). The cached projects between the
 * old and the new place move one place towards the old one, as on the server, and every cached
 * `projects` list is put back in order. The unfiltered list holds places 1 to n of its loaded pages
 * and keeps them when the project moves within or into them; a project moving past them, or a
 * filtered list with more pages to load, leaves something only the server knows: that list is
 * dropped and refetches.
 */
export function projectMoved(previousPosition: number) {
  return (cache: ApolloCache, { data }: { data?: UpdateProjectMutation | null }): void => {
    const project = data?.updateProject;
    if (!project || project.position === previousPosition) return;
    const ref = cache.identify(project)!;
    const [from, to] = [previousPosition, project.position];
    for (const other of cachedProjects(cache)) {
      if (other.ref === ref) continue;
      const shift = from < to ? (other.position > from && other.position <= to ? -1 : 0) : other.position >= to && other.position < from ? 1 : 0;
      if (shift) cache.modify<{ position: number }>({ id: other.ref, fields: { position: (position) => position + shift } });
    }
    const viewer = viewerId(cache);
    if (!viewer) return;
    const positions = new Map(cachedProjects(cache).map((p) => [p.ref, p.position]));
    const positionOf = (node: string) => positions.get(node) ?? Number.MAX_SAFE_INTEGER;
    cache.modify({
      id: viewer,
      fields: {
        projects: onConnection((value, { storeFieldName, DELETE }) => {
          if (!value?.edges) return value;
          const filtered = Object.values(keyArgsOf(storeFieldName)).some((arg) => arg !== undefined && arg !== null);
          const more = Boolean(value.pageInfo?.hasNextPage);
          if (filtered && more) return DELETE;
          let edges = value.edges;
          if (!filtered) {
            // Places 1 to `loaded` are cached, and `endCursor` is the place `loaded`: a project
            // moving past it leaves a hole only the server can fill, one moving in pushes the last out.
            const loaded = edges.length;
            if (more && to > loaded) return DELETE;
            if (!edges.some((edge: Edge) => edge.node.__ref === ref)) edges = [...edges, { __typename: 'ProjectEdge', node: { __ref: ref } as Reference }];
            if (more) edges = edges.filter((edge: Edge) => positionOf(edge.node.__ref) <= loaded);
          }
          edges = [...edges].sort((a: Edge, b: Edge) => positionOf(a.node.__ref) - positionOf(b.node.__ref));
          return { ...value, edges };
        }),
      },
    });
  };
}

/** reportRoute: puts the report first into the cached `myRouteReports` (newest first). */
export function addReportedRoute(cache: ApolloCache, { data }: { data?: ReportRouteMutation | null }): void {
  const report = data?.reportRoute;
  if (!report) return;
  const node = { __ref: cache.identify(report)! } as Reference;
  cache.modify({
    id: 'ROOT_QUERY',
    fields: {
      myRouteReports: onConnection((value) => value && withNodeFirst(value, node, 'RouteReportEdge')),
    },
  });
}

/**
 * resolveRouteReport: drops the report from its gym's cached OPEN queue (`reports` with no
 * `status` or `status: OPEN`) and drops the cached RESOLVED lists, which refetch with it. The
 * mutation's `route { openReportCount }` selection refreshes the route's count.
 */
export function resolvedReportOutOfQueue(cache: ApolloCache, { data }: { data?: ResolveRouteReportMutation | null }): void {
  const report = data?.resolveRouteReport;
  if (!report) return;
  const ref = cache.identify(report)!;
  cache.modify({
    id: cache.identify(report.route.gym)!,
    fields: {
      reports: onConnection((value, { storeFieldName, DELETE }) => {
        if ((keyArgsOf(storeFieldName)['status'] ?? 'OPEN') !== 'OPEN') return DELETE;
        return value && withoutNode(value, ref);
      }),
    },
  });
}

/**
 * planStrip: drops the gym's cached strip lists (`routesComingDown`, every `within`), which
 * refetch: a new date moves routes into or out of them and changes their order. The routes' own
 * `plannedStripAt` and `outSoon` come back normalised by id.
 */
export function replannedStrip(cache: ApolloCache, { data }: { data?: PlanStripMutation | null }): void {
  const gyms = new Set((data?.planStrip ?? []).map((route) => cache.identify(route.gym)!));
  for (const gym of gyms) cache.evict({ id: gym, fieldName: 'routesComingDown' });
  if (gyms.size) cache.gc();
}

/**
 * setWallGradeTargets: evicts the wall's cached `planReset` (its bands to fill follow the targets),
 * which refetches; the wall's targets and distribution come back normalised by id.
 */
export function replannedWall(cache: ApolloCache, { data }: { data?: SetWallGradeTargetsMutation | null }): void {
  const wall = data?.setWallGradeTargets;
  if (!wall) return;
  cache.evict({ id: 'ROOT_QUERY', fieldName: 'planReset', args: { wallId: wall.id } });
  cache.gc();
}

/** addGymStaff: puts the member first into the gym's cached `staff` (newest first). */
export function addAddedStaff(cache: ApolloCache, { data }: { data?: AddGymStaffMutation | null }): void {
  const member = data?.addGymStaff;
  if (!member) return;
  const node = { __ref: cache.identify(member)! } as Reference;
  cache.modify({
    id: cache.identify(member.gym)!,
    fields: {
      staff: onConnection((value) => value && withNodeFirst(value, node, 'GymStaffEdge')),
    },
  });
}

/** removeGymStaff: drops the member from the gym's cached `staff` and evicts the membership. */
export function removeRemovedStaff(cache: ApolloCache, { data }: { data?: RemoveGymStaffMutation | null }): void {
  const member = data?.removeGymStaff;
  if (!member) return;
  const ref = cache.identify(member)!;
  cache.modify({
    id: cache.identify(member.gym)!,
    fields: { staff: onConnection((value) => value && withoutNode(value, ref)) },
  });
  cache.evict({ id: ref });
  cache.gc();
}
