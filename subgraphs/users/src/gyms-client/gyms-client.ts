import { causeOf, createSubgraphClient, type Logger, oneLoader } from '@clmb/common';
import type { Discipline } from '@clmb/drizzle/users';

interface GymSummary {
  id: string;
  archivedAt: string | null;
}

/** A gym as a logbook file names it: by slug (see logbook-import.ts, logbook-export.ts). */
export interface GymRef {
  id: string;
  slug: string;
  archivedAt: string | null;
}

/** How a batched gym lookup names each gym: by id or by slug (Gym has both keys). */
type GymKey = { id: string } | { slug: string };

export interface RouteSummary {
  id: string;
  strippedAt: string | null;
  gym: { id: string };
  /** What a climb freezes when it is logged (see `Climb.grade`). */
  grade: { id: string; scale: number; system: { id: string; discipline: Discipline } };
}

/** What a project needs of its route: whether it is on the wall, and until when it is planned to be. */
export interface RoutePlan {
  id: string;
  strippedAt: string | null;
  plannedStripAt: string | null;
}

/** A grade as a rating's suggestion needs it: its system, and its place on the difficulty scale. */
interface GradeSummary {
  id: string;
  scale: number;
  system: { id: string };
}

export interface GradeSystemSummary {
  id: string;
  discipline: Discipline;
  /** Easiest first. */
  grades: { id: string; scale: number }[];
}

/** The gyms subgraph, asked directly when a write must check a reference it cannot enforce with a foreign key. */
export interface GymsClient {
  gym(id: string): Promise<GymSummary | null>;
  route(id: string): Promise<RouteSummary | null>;
  /** Many routes in one request, in the order of `ids`; null for an unknown id. */
  routes(ids: readonly string[]): Promise<(RouteSummary | null)[]>;
  /** Many routes' strip times in one request, in the order of `ids`; null for an unknown id. */
  routePlans(ids: readonly string[]): Promise<(RoutePlan | null)[]>;
  /** Many grades in one request, in the order of `ids`; null for an unknown id. */
  grades(ids: readonly string[]): Promise<(GradeSummary | null)[]>;
  /** Every grade system with its grades. */
  gradeSystems(): Promise<GradeSystemSummary[]>;
  /** Many gyms by id or by slug in one request, in the order of `keys`; null for an unknown one. */
  gyms(keys: readonly GymKey[]): Promise<(GymRef | null)[]>;
  /** Whether the user is on any gym's staff (the access token's `staff` claim). */
  isStaff(userId: string): Promise<boolean>;
  /** Hands over accounts of the old global SETTER role: SETTER staff of every gym; answers the memberships added. */
  adoptLegacySetters(userIds: readonly string[]): Promise<number>;
}

const ROUTE_FIELDS = 'id strippedAt gym { id } grade { id scale system { id discipline } }';
const GYM = /* GraphQL */ `query($id: ID!) { gym(id: $id) { id archivedAt } }`;
const ROUTE = /* GraphQL */ `query($id: ID!) { route(id: $id) { ${ROUTE_FIELDS} } }`;
// Federation's entity lookup: one request for any number of routes, answered in order.
const ROUTES = /* GraphQL */ `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Route { ${ROUTE_FIELDS} } } }`;
const ROUTE_PLANS = /* GraphQL */ `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Route { id strippedAt plannedStripAt } } }`;
const GRADES = /* GraphQL */ `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Grade { id scale system { id } } } }`;
const GYMS = /* GraphQL */ `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Gym { id slug archivedAt } } }`;
const GRADE_SYSTEMS = /* GraphQL */ `query { gradeSystems { id discipline grades { id scale } } }`;
const IS_STAFF = /* GraphQL */ `query($userId: ID!) { _isStaff(userId: $userId) }`;
const ADOPT_LEGACY_SETTERS = /* GraphQL */ `mutation($userIds: [ID!]!) { _adoptLegacySetters(userIds: $userIds) }`;
/**
 * `requestId`: the client request a check is made for, so the gyms log lines of the check carry
 * its id. A failure (unreachable, 5 s without an answer, errors) is common's SUBGRAPH_UNAVAILABLE
 * naming gyms, as the router answers for a subgraph it cannot reach.
 */
export function createGymsClient(url: string, logger: Logger, subgraphSecret?: string, requestId?: string): GymsClient {
  const gyms = createSubgraphClient({ service: 'gyms', url, secret: subgraphSecret });

  async function query<T>(document: string, variables: Record<string, unknown>, field: string): Promise<T> {
    try {
      return (await gyms.query<Record<string, T>>(document, variables, { requestId }))[field] as T;
    } catch (error) {
      // Logged here with the URL and cause; the client learns only that gyms is unavailable.
      logger.error({ err: causeOf(error), url, field, requestId }, 'gyms subgraph request failed');
      throw error;
    }
  }

  /** Entities of one type by key, in order, null for an unknown key (an entity without `id` is one gyms refused). */
  async function entities<T extends { id: string }>(document: string, typename: string, keys: readonly object[]): Promise<(T | null)[]> {
    if (keys.length === 0) return [];
    const representations = keys.map((key) => ({ __typename: typename, ...key }));
    const found = await query<(T | null)[]>(document, { representations }, '_entities');
    return found.map((entity) => (entity?.id ? entity : null));
  }

  return {
    gym: async (id) => (await query<GymSummary | null>(GYM, { id }, 'gym')) ?? null,
    route: async (id) => (await query<RouteSummary | null>(ROUTE, { id }, 'route')) ?? null,
    routes: (ids) => entities<RouteSummary>(ROUTES, 'Route', ids.map((id) => ({ id }))),
    routePlans: (ids) => entities<RoutePlan>(ROUTE_PLANS, 'Route', ids.map((id) => ({ id }))),
    grades: (ids) => entities<GradeSummary>(GRADES, 'Grade', ids.map((id) => ({ id }))),
    gradeSystems: () => query<GradeSystemSummary[]>(GRADE_SYSTEMS, {}, 'gradeSystems'),
    gyms: (keys) => entities<GymRef>(GYMS, 'Gym', keys),
    isStaff: (userId) => query<boolean>(IS_STAFF, { userId }, '_isStaff'),
    adoptLegacySetters: (userIds) => query<number>(ADOPT_LEGACY_SETTERS, { userIds }, '_adoptLegacySetters'),
  };
}

// A request of 500 representations stays far below a subgraph's 100 kB body limit.
const BATCH = 500;

/** A batched lookup (`routes`, `gyms`) over any number of keys, 500 per request, in key order. */
export async function inBatches<K, V>(keys: readonly K[], lookUp: (batch: readonly K[]) => Promise<V[]>): Promise<V[]> {
  const found: V[] = [];
  for (let i = 0; i < keys.length; i += BATCH) found.push(...(await lookUp(keys.slice(i, i + BATCH))));
  return found;
}

/**
 * Routes' strip times for one client request, batched: the routes every field of a page of
 * projects asks for are one request to gyms (500 to a request).
 */
export const routePlanLoader = (gyms: GymsClient) =>
  oneLoader(
    async (ids: readonly string[]) => (await inBatches(ids, (batch) => gyms.routePlans(batch))).filter((route): route is RoutePlan => route !== null),
    (route) => route.id,
  );

export type RoutePlanLoader = ReturnType<typeof routePlanLoader>;
