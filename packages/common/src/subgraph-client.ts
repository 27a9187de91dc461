import { SubgraphUnavailableError } from './errors';
import { REQUEST_ID_HEADER } from './request-id';
import { subgraphSecretHeaders } from './subgraph-secret';
import { traceHeaders } from './tracing';

interface SubgraphClientOptions {
  /** The subgraph's name, as its errors name it (`The gyms service is unavailable.`). */
  service: string;
  /** Its GraphQL URL; a function where it is learnt later (the router learns it from the supergraph). */
  url: string | (() => string | undefined);
  /** The shared secret every subgraph asks of its callers (SUBGRAPH_SECRET). */
  secret: string | undefined;
  timeoutMs?: number;
}

/** Runs `document` and answers its `data`; the client request it is made for is `requestId`. */
type SubgraphQuery = <T>(document: string, variables?: Record<string, unknown>, options?: { requestId?: string | undefined }) => Promise<T>;

/**
 * How one clmb service asks another directly (users checking gyms and routes, the token
 * revocation feed): with the subgraph secret, the client request's id (so the other service's
 * log lines of the call carry it) and the trace context (its spans join the trace), and a timeout.
 * Any failure (unreachable, timeout, an HTTP error, GraphQL errors) is SUBGRAPH_UNAVAILABLE naming
 * the service, with the cause as `originalError` for the caller's log.
 */
export function createSubgraphClient(options: SubgraphClientOptions): { query: SubgraphQuery } {
  const { service, secret, timeoutMs = 5_000 } = options;
  const url = typeof options.url === 'string' ? () => options.url as string : options.url;
  const query: SubgraphQuery = async <T>(document: string, variables: Record<string, unknown> = {}, { requestId }: { requestId?: string | undefined } = {}) => {
    try {
      const target = url();
      if (!target) throw new Error(`no URL for the ${service} subgraph yet`);
      const response = await fetch(target, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...subgraphSecretHeaders(secret),
          ...(requestId && { [REQUEST_ID_HEADER]: requestId }),
          ...traceHeaders(),
        },
        body: JSON.stringify({ query: document, variables }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
      if (body.errors?.length || !body.data) throw new Error(`GraphQL errors: ${body.errors?.map((e) => e.message).join('; ')}`);
      return body.data;
    } catch (error) {
      throw new SubgraphUnavailableError(service, error);
    }
  };
  return { query };
}
