import { currentRequestId as requestId, type Logger, REQUEST_ID_HEADER, subgraphSecretHeaders, traceHeaders } from '@clmb/common';
import type { Discipline } from '@clmb/drizzle/users';
import { GymsUnavailableError } from './errors';

export interface GymSummary {
  id: string;
  archivedAt: string | null;
}

export interface RouteSummary {
  id: string;
  strippedAt: string | null;
  gym: { id: string };
  /** What a climb freezes when it is logged (see `Climb.grade`). */
  grade: { id: string; scale: number; system: { id: string; discipline: Discipline } };
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
  /** Every grade system with its grades. */
  gradeSystems(): Promise<GradeSystemSummary[]>;
}

const ROUTE_FIELDS = 'id strippedAt gym { id } grade { id scale system { id discipline } }';
const GYM = /* GraphQL */ `query($id: ID!) { gym(id: $id) { id archivedAt } }`;
const ROUTE = /* GraphQL */ `query($id: ID!) { route(id: $id) { ${ROUTE_FIELDS} } }`;
// Federation's entity lookup: one request for any number of routes, answered in order.
const ROUTES = /* GraphQL */ `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Route { ${ROUTE_FIELDS} } } }`;
const GRADE_SYSTEMS = /* GraphQL */ `query { gradeSystems { id discipline grades { id scale } } }`;
const TIMEOUT_MS = 5000;

export function createGymsClient(url: string, logger: Logger, subgraphSecret?: string): GymsClient {
  async function query<T>(document: string, variables: Record<string, unknown>, field: string): Promise<T> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...subgraphSecretHeaders(subgraphSecret),
          // The gyms log lines of this check carry the id of the client request behind it.
          ...(requestId() && { [REQUEST_ID_HEADER]: requestId() }),
          // With tracing on, gyms' spans join the trace of the request behind this check.
          ...traceHeaders(),
        },
        body: JSON.stringify({ query: document, variables }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const body = (await response.json()) as { data?: Record<string, T>; errors?: { message: string }[] };
      if (body.errors?.length || !body.data) throw new Error(`GraphQL errors: ${body.errors?.map((e) => e.message).join('; ')}`);
      return body.data[field] as T;
    } catch (error) {
      // Logged here with the URL and cause; the client learns only that gyms is unavailable.
      logger.error({ err: error, url, field, requestId: requestId() }, 'gyms subgraph request failed');
      throw new GymsUnavailableError(error);
    }
  }

  return {
    gym: async (id) => (await query<GymSummary | null>(GYM, { id }, 'gym')) ?? null,
    route: async (id) => (await query<RouteSummary | null>(ROUTE, { id }, 'route')) ?? null,
    routes: async (ids) => {
      if (ids.length === 0) return [];
      const representations = ids.map((id) => ({ __typename: 'Route', id }));
      const found = await query<(RouteSummary | null)[]>(ROUTES, { representations }, '_entities');
      // An unknown id resolves to null; an entity without `id` would be one the route query refused.
      return found.map((route) => (route?.id ? route : null));
    },
    gradeSystems: () => query<GradeSystemSummary[]>(GRADE_SYSTEMS, {}, 'gradeSystems'),
  };
}
