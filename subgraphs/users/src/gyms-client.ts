import { currentRequestId as requestId, type Logger, REQUEST_ID_HEADER, subgraphSecretHeaders, traceHeaders } from '@clmb/common';
import { GymsUnavailableError } from './errors';

export interface GymSummary {
  id: string;
  archivedAt: string | null;
}

export interface RouteSummary {
  id: string;
  strippedAt: string | null;
  gym: { id: string };
}

/** The gyms subgraph, asked directly when a write must check a reference it cannot enforce with a foreign key. */
export interface GymsClient {
  gym(id: string): Promise<GymSummary | null>;
  route(id: string): Promise<RouteSummary | null>;
}

const GYM = /* GraphQL */ `query($id: ID!) { gym(id: $id) { id archivedAt } }`;
const ROUTE = /* GraphQL */ `query($id: ID!) { route(id: $id) { id strippedAt gym { id } } }`;
const TIMEOUT_MS = 5000;

export function createGymsClient(url: string, logger: Logger, subgraphSecret?: string): GymsClient {
  async function query<T>(document: string, id: string, field: string): Promise<T | null> {
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
        body: JSON.stringify({ query: document, variables: { id } }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const body = (await response.json()) as { data?: Record<string, T | null>; errors?: { message: string }[] };
      if (body.errors?.length || !body.data) throw new Error(`GraphQL errors: ${body.errors?.map((e) => e.message).join('; ')}`);
      return body.data[field] ?? null;
    } catch (error) {
      // Logged here with the URL and cause; the client learns only that gyms is unavailable.
      logger.error({ err: error, url, field, id, requestId: requestId() }, 'gyms subgraph request failed');
      throw new GymsUnavailableError(error);
    }
  }

  return {
    gym: (id) => query<GymSummary>(GYM, id, 'gym'),
    route: (id) => query<RouteSummary>(ROUTE, id, 'route'),
  };
}
