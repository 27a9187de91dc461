import { type FragmentDefinitionNode, GraphQLError, Kind, parse, type SelectionSetNode } from 'graphql';

/**
 * How a call to a subgraph failed, as far as the router acts on it:
 * - `connection`: refused, reset or closed before an answer; nothing was (or could be) relied on,
 *   so a query may be sent once more;
 * - `timeout`: the subgraph took longer than SUBGRAPH_TIMEOUT_MS; it may still be working on it,
 *   so it is not asked again;
 * - `unavailable`: it answered with a 5xx;
 * - `too-large`: its answer passed SUBGRAPH_RESPONSE_LIMIT; asking again would get the same.
 */
export type SubgraphFailure = 'connection' | 'timeout' | 'unavailable' | 'too-large';

// undici reports a dead connection as `TypeError: fetch failed` with the socket error as `cause`.
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
]);

const codesOf = (error: unknown): string[] => {
  if (!error || typeof error !== 'object') return [];
  const own = 'code' in error && typeof error.code === 'string' ? [error.code] : [];
  // Connecting to `localhost` tries ::1 and 127.0.0.1 and fails with an AggregateError of both.
  const nested = error instanceof AggregateError ? error.errors.flatMap(codesOf) : [];
  return [...own, ...nested, ...('cause' in error ? codesOf(error.cause) : [])];
};

/** The answer of a subgraph that responded with an HTTP error status, body included. */
export class SubgraphHttpError extends GraphQLError {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`The subgraph answered HTTP ${status}.`);
  }

  /**
   * A GraphQL answer to relay as it is: a 400 (a variable the subgraph's scalar rejects) or a 401
   * (a token that expired on the way). Any other status means the router is misconfigured.
   */
  get graphqlErrors(): { data?: unknown; errors: unknown[] } | undefined {
    const body = this.body as { data?: unknown; errors?: unknown } | null;
    if (this.status !== 400 && this.status !== 401) return undefined;
    return body && typeof body === 'object' && Array.isArray(body.errors) && body.errors.length > 0
      ? { data: body.data ?? null, errors: body.errors }
      : undefined;
  }
}

export function classifyFailure(error: unknown): SubgraphFailure | undefined {
  if (error instanceof SubgraphHttpError) return error.status >= 500 ? 'unavailable' : undefined;
  if (error instanceof Error && error.name === 'TimeoutError') return 'timeout';
  if (error instanceof Error && error.name === 'ResponseTooLargeError') return 'too-large';
  return codesOf(error).some((code) => CONNECTION_CODES.has(code)) ? 'connection' : undefined;
}

/** The gateway prints subgraph operations itself, so a mutation always starts with the keyword. */
export const isMutation = (query: string | undefined): boolean => /^\s*mutation\b/.test(query ?? '');

/**
 * A GraphQL response in place of the one a subgraph could not give: an error on each entity the
 * router asked it for (the gateway maps `_entities.<i>` to that entity's place in the response,
 * where the field becomes null) or on each root field. Other subgraphs' data is still served.
 */
export function failedFields(query: string | undefined, variables: Record<string, unknown> | undefined, error: { message: string; extensions?: Record<string, unknown> }) {
  const representations = variables?.['representations'];
  const paths: (string | number)[][] = Array.isArray(representations)
    ? representations.map((_, i) => ['_entities', i])
    : rootFields(query).map((key) => [key]);
  return { data: null, errors: paths.length > 0 ? paths.map((path) => ({ ...error, path })) : [error] };
}

/**
 * Response keys of the operation's top-level fields (the gateway's own, always parseable), also
 * those under an inline fragment or a fragment spread: the planner keeps a client's
 * `... @include(if: $x) { archiveGym … }` as such.
 */
export function rootFields(query: string | undefined): string[] {
  if (!query) return [];
  const { definitions } = parse(query);
  const fragments = new Map(definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const keysOf = (selectionSet: SelectionSetNode): string[] =>
    selectionSet.selections.flatMap((s) => {
      if (s.kind === Kind.FIELD) return s.name.value === '__typename' ? [] : [s.alias?.value ?? s.name.value];
      const fragment: { selectionSet: SelectionSetNode } | FragmentDefinitionNode | undefined = s.kind === Kind.INLINE_FRAGMENT ? s : fragments.get(s.name.value);
      return fragment ? keysOf(fragment.selectionSet) : [];
    });
  const operation = definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  return operation?.kind === Kind.OPERATION_DEFINITION ? keysOf(operation.selectionSet) : [];
}
