import type { FieldPolicy, Reference, TypePolicies } from '@apollo/client/cache';
import { relayStylePagination } from '@apollo/client/utilities';

type Edge = { cursor?: string; node?: Reference } & Record<string, unknown>;
type Connection = { edges?: Edge[] } & Record<string, unknown>;

/**
 * Apollo's relayStylePagination, plus two things: a first page (no `after`) replaces the cached
 * edges, and an edge of the same node keeps the fields the incoming query did not select (a
 * badge asking `edges { node { id } }` must not strip the logbook's `cursor`); and a connection
 * the server answers null (another climber's `sessions` or `followers`, FORBIDDEN) is cached as
 * null, where relayStylePagination would keep an empty connection without its `totalCount`.
 */
export function connection(keyArgs: FieldPolicy['keyArgs'] = false): FieldPolicy<Connection> {
  const relay = relayStylePagination(keyArgs) as FieldPolicy<Connection>;
  const merge = relay.merge as Extract<FieldPolicy<Connection>['merge'], (...args: any[]) => any>;
  return {
    ...relay,
    merge(existing, incoming, options) {
      if (incoming === null) return null as unknown as Connection;
      const merged = merge(existing, incoming, options);
      const before = new Map((existing?.edges ?? []).flatMap((edge) => (edge.node ? [[edge.node.__ref, edge] as const] : [])));
      if (!before.size || !merged?.edges) return merged;
      return { ...merged, edges: merged.edges.map((edge) => ({ ...before.get(edge.node?.__ref ?? ''), ...edge })) };
    },
  };
}

/** A list the server owns in full (no pagination): the incoming list is the truth, silently. */
const serverList: FieldPolicy = { merge: false };

/** Looks an entity up in the cache before asking the network, e.g. a session the logbook loaded. */
const byId =
  (typename: string): FieldPolicy =>
  ({ read: (existing, { args, toReference }) => existing ?? (args?.['id'] ? toReference({ __typename: typename, id: args['id'] }) : undefined) });

/**
 * The cache rules for clmb's supergraph, for `new InMemoryCache({ typePolicies })`.
 * - Entities (User, Session, Climb, Gym, Route, GradeSystem, Grade) are normalised by `id`.
 * - Every connection pages Relay-style: `User.sessions` (keyed by nothing: `first`/`after` only
 *   page), `Query.gyms` (keyed by `filter`: each search is its own list), and issue 18's:
 *   `User.projects` (keyed by `status` and `expiringWithin`), `Query.myRouteReports`,
 *   `Gym.reports` (keyed by `status`), `Gym.routesComingDown` (keyed by `within`), `Gym.staff`.
 * - A staff membership (`GymStaffMember`) has no id of its own: it is normalised by its gym and
 *   user, so `updateGymStaff`'s new role shows wherever it is listed; a `ResetPlan` by its wall.
 * - Issue 19's connections page the same way, keyed by nothing: `User.feed`, `notifications`
 *   (its `unreadCount` merges with the page, so a badge's `notifications(first: 0) { unreadCount }`
 *   shares the list's), `followers`, `following`, `followRequests`, `blockedUsers`,
 *   `Session.comments`; `Query.searchUsers` is keyed by `query`. `Notification.read` never goes
 *   back to false. The update functions for the social mutations are in social.ts.
 * - Per-viewer fields (`Route.myTagVotes`, `myRenewVote`, `myProject`, `me.projects`,
 *   `User.staffRoles`) are PRIVATE on the server and cached here like the rest: an app clears its
 *   cache on log-out (`client.clearStore()`), as for the logbook.
 * - Objects without an id merge field by field instead of being replaced, so two queries that
 *   select different parts of them share one copy without "Cache data may be lost" warnings:
 *   `UserStats` (one per user) and the connections with their `PageInfo` and edges (through the
 *   connection's field policy).
 * - Plain lists (`Session.climbs`, `Gym.routes`, `Route.tagVotes`, `Wall.gradeDistribution` ...)
 *   are replaced by the server's latest.
 */
export const typePolicies: TypePolicies = {
  Query: {
    fields: {
      gyms: connection(['filter']),
      session: byId('Session'),
      user: byId('User'),
      gym: byId('Gym'),
      route: byId('Route'),
      wall: byId('Wall'),
      myRouteReports: connection(false),
      gradeSystem: byId('GradeSystem'),
      gradeSystems: serverList,
      // Staff invitations (staff-invitations.ts): the invitee's open ones, a gym's per status.
      myStaffInvitations: connection(false),
      // Issue 19: each search is its own list; a feed item or notification the lists loaded.
      searchUsers: connection(['query']),
      feedItem: byId('FeedItem'),
      notification: byId('Notification'),
    },
  },
  User: {
    fields: {
      sessions: connection(false),
      projects: connection(['status', 'expiringWithin']),
      staffRoles: serverList,
      feed: connection(false),
      notifications: connection(false),
      followers: connection(false),
      following: connection(false),
      followRequests: connection(false),
      blockedUsers: connection(false),
    },
  },
  // Read is a watermark that only moves forward: a payload resolved before the mark (a late
  // subscription event, a slow page) never makes a notification unread again.
  Notification: { fields: { read: { merge: (existing: boolean | undefined, incoming: boolean) => existing === true || incoming } } },
  UserStats: { merge: true },
  // No type-wide merge for PageInfo: the connection's own merge decides it per page. A `merge: true`
  // would hand it the previous page's startCursor, which relayStylePagination then stamps on the
  // first edge of the next page.
  Session: { fields: { climbs: serverList, comments: connection(false) } },
  Gym: {
    fields: {
      routes: serverList,
      reports: connection(['status']),
      routesComingDown: connection(['within']),
      staff: connection(false),
      staffInvitations: connection(['status']),
      setterGrading: serverList,
    },
  },
  Route: { fields: { tags: serverList, tagVotes: serverList, myTagVotes: serverList, setters: serverList } },
  Wall: { fields: { gradeTargets: serverList, gradeDistribution: serverList } },
  GymStaffMember: { keyFields: ['gym', ['id'], 'user', ['id']] },
  ResetPlan: { keyFields: ['wall', ['id']], fields: { bandsToFill: serverList, candidates: serverList } },
  GradeSystem: { fields: { grades: serverList } },
};
