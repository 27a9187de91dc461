import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/**
 * The process's one Prometheus registry, served at `/metrics` by every service. Anything that
 * counts (e.g. the router's response cache hits and misses) registers its metrics here:
 * `new Counter({ name, help, registers: [metricsRegistry] })`.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const registers = [metricsRegistry];
const latency = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
  new Histogram<L>({ name, help, labelNames, buckets: LATENCY_BUCKETS, registers });
const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) => new Counter<L>({ name, help, labelNames, registers });

export const graphqlRequestDuration = latency(
  'graphql_request_duration_seconds',
  'GraphQL requests served, by operation name and outcome (ok, partial: data with errors, error: no data).',
  ['operation', 'outcome'],
);
export const graphqlErrors = counter('graphql_errors_total', 'Errors in GraphQL responses, by operation name and extensions.code.', [
  'operation',
  'code',
]);
export const rateLimitRejections = counter('rate_limit_rejections_total', 'Requests refused with TOO_MANY_REQUESTS, by operation name.', ['operation']);
export const subgraphFetchDuration = latency(
  'subgraph_fetch_duration_seconds',
  "The router's calls to a subgraph, retries included, by subgraph and outcome (ok, graphql_error, unavailable, exception).",
  ['subgraph', 'outcome'],
);
export const subgraphFetchErrors = counter(
  'subgraph_fetch_errors_total',
  'Subgraph calls that did not come back clean, by subgraph and outcome (see subgraph_fetch_duration_seconds).',
  ['subgraph', 'outcome'],
);

/** Serves the registry in the Prometheus text format. */
export async function metricsText(): Promise<{ contentType: string; body: string }> {
  return { contentType: metricsRegistry.contentType, body: await metricsRegistry.metrics() };
}

// Operation names come from clients: past this many distinct ones, the rest share one label value,
// so a client cannot grow the time series without bound.
const MAX_OPERATION_LABELS = 200;
const seenOperations = new Set<string>();

export function operationLabel(name: string | null | undefined): string {
  if (!name) return 'anonymous';
  if (seenOperations.has(name)) return name;
  if (seenOperations.size >= MAX_OPERATION_LABELS) return 'other';
  seenOperations.add(name);
  return name;
}

interface SubgraphResponse {
  errors?: readonly { extensions?: Record<string, unknown> }[] | undefined;
}

/**
 * Times every call the router makes to one subgraph and counts those that fail, by wrapping the
 * data source's `process`: what it measures is what the gateway waited for.
 */
export function observeSubgraphFetches<S extends { process(options: never): Promise<SubgraphResponse> }>(name: string, source: S): S {
  const process = source.process.bind(source) as (options: unknown) => Promise<SubgraphResponse>;
  const observed = async (options: unknown) => {
    const end = subgraphFetchDuration.startTimer({ subgraph: name });
    let outcome = 'exception';
    try {
      const response = await process(options);
      const codes = response.errors?.map((error) => error.extensions?.['code']) ?? [];
      outcome = codes.length === 0 ? 'ok' : codes.includes('SUBGRAPH_UNAVAILABLE') ? 'unavailable' : 'graphql_error';
      return response;
    } finally {
      end({ outcome });
      if (outcome !== 'ok') subgraphFetchErrors.inc({ subgraph: name, outcome });
    }
  };
  source.process = observed as S['process'];
  return source;
}
