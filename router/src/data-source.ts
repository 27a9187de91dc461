import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ErrorCode, injectTraceContext, REQUEST_ID_HEADER, SUBGRAPH_SECRET_HEADER, subgraphUnavailable, type Logger } from '@clmb/common';
import type { RouterContext } from './context';
import type { SubgraphCache } from './cache';
import { classifyFailure, failedFields, isMutation, SubgraphHttpError, type SubgraphFailure } from './subgraph-failure';
import { distinctRepresentations, spreadEntities } from './representations';
import { type SubgraphAnswer, subgraphConnections } from './subgraph-connections';

type GatewayResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;
type Variables = Record<string, unknown> | undefined;

interface SubgraphDataSourceOptions {
  name: string;
  url: string;
  timeoutMs: number;
  /** The most of an answer the router reads (SUBGRAPH_RESPONSE_LIMIT). */
  maxResponseBytes: number;
  secret: string | undefined;
  logger: Logger;
  /** Whether identical queries in flight share one request (off with the caches, for a plain comparison). */
  dedupe: boolean;
  /** Counts each subgraph request that joined an identical one already in flight. */
  onShared?: () => void;
  /** Awaited after each mutation this subgraph was sent, with its answer (undefined if none), before it is answered (cache invalidation). */
  onMutation?: (query: string, response: GatewayResponse | undefined) => Promise<void>;
  /** The caches' part in this subgraph's queries (entities held, the answer's cache tags). */
  cache?: SubgraphCache;
  /** Sent with every request besides the forwarded ones (the caches ask for cache tags). */
  headers?: Record<string, string>;
}

/** A query is sent at most this often when the connection fails; a mutation exactly once. */
const QUERY_ATTEMPTS = 2;

/**
 * Calls one subgraph over a keep-alive connection pool with a timeout per attempt, so a hung
 * subgraph costs its fields, not a hung client request. Forwards the client's Authorization
 * header (subgraphs verify it themselves), address, User-Agent and request id, and adds the shared secret.
 * A query whose connection fails (refused, reset: a subgraph restarting, a stale keep-alive
 * socket) is sent once more; a mutation never, as it may have been applied. When the subgraph
 * cannot answer, its fields come back null with a SUBGRAPH_UNAVAILABLE error each, and the rest of
 * the response is still served; so with SUBGRAPH_RESPONSE_TOO_LARGE when its answer passes the
 * limit. Identical queries in flight at the same moment (same operation, variables, token and
 * client address, so never across identities) are sent once and share the answer.
 */
export class SubgraphDataSource implements GraphQLDataSource<RouterContext> {
  readonly name: string;
  private readonly connections: ReturnType<typeof subgraphConnections>;
  private readonly inFlight = new Map<string, Promise<SubgraphAnswer | SubgraphFailure>>();

  constructor(private readonly options: SubgraphDataSourceOptions) {
    this.name = options.name;
    this.connections = subgraphConnections(options.url, options.timeoutMs, options.maxResponseBytes);
  }

  async process({ request, context }: GraphQLDataSourceProcessOptions<RouterContext>): Promise<GatewayResponse> {
    const query = request.query ?? '';
    const ctx = (context ?? {}) as RouterContext;
    const headers = this.headersFor(ctx);
    const send = (variables: Variables) => {
      const body = JSON.stringify({ query, variables, operationName: request.operationName });
      return this.respond(this.shared(headers, body, ctx.requestId), query, variables, ctx.requestId);
    };
    if (isMutation(query)) {
      const body = JSON.stringify({ query, variables: request.variables, operationName: request.operationName });
      let response: GatewayResponse | undefined;
      try {
        response = await this.respond(this.exchange(headers, body, 1, ctx.requestId), query, request.variables, ctx.requestId);
        return response;
      } finally {
        // The answer tells whether it may have been applied; a call that threw may have been too.
        await this.options.onMutation?.(query, response);
      }
    }
    const { cache } = this.options;
    // Each distinct entity asked for once: fewer cache look-ups and parses, a smaller subgraph request.
    const distinct = distinctRepresentations(request.variables);
    const variables = distinct?.variables ?? request.variables;
    const response = cache ? await cache.query(query, variables, ctx, send) : await send(variables);
    return distinct ? spreadEntities(response, distinct.positions) : response;
  }

  close(): void {
    this.connections.close();
  }

  private headersFor({ authorization, clientAddress, userAgent, requestId }: RouterContext): Record<string, string> {
    const headers: Record<string, string> = { ...this.options.headers };
    if (authorization) headers['authorization'] = authorization;
    // The client's, not the router's: the users service labels a log-in's device by it.
    if (userAgent) headers['user-agent'] = userAgent;
    // Set, not appended: the subgraph takes the router's word for the client, never the client's own.
    if (clientAddress) headers['x-forwarded-for'] = clientAddress;
    if (requestId) headers[REQUEST_ID_HEADER] = requestId;
    // Subgraphs answer only requests that carry the router's secret.
    if (this.options.secret) headers[SUBGRAPH_SECRET_HEADER] = this.options.secret;
    // W3C traceparent of the gateway's fetch span, so the subgraph's spans join the client's trace.
    injectTraceContext({ set: (name, value) => (headers[name] = value) });
    return headers;
  }

  /** Joins an identical request in flight, or sends this one. The request id is not part of "identical". */
  private shared(headers: Record<string, string>, body: string, requestId: string | undefined) {
    if (!this.options.dedupe) return this.exchange(headers, body, QUERY_ATTEMPTS, requestId);
    const key = `${headers['authorization'] ?? ''}\n${headers['x-forwarded-for'] ?? ''}\n${body}`;
    const pending = this.inFlight.get(key);
    if (pending) {
      this.options.onShared?.();
      return pending;
    }
    const exchange = this.exchange(headers, body, QUERY_ATTEMPTS, requestId).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, exchange);
    return exchange;
  }

  /** Sends with retries; resolves to the subgraph's answer or to how it failed, never rejects for that. */
  private async exchange(headers: Record<string, string>, body: string, attempts: number, requestId: string | undefined) {
    for (let attempt = 1; ; attempt++) {
      try {
        const answer = await this.connections.post(headers, body);
        if (answer.status < 500) return answer;
        this.options.logger.warn({ subgraph: this.name, status: answer.status, requestId }, 'subgraph call failed');
        return 'unavailable' as const;
      } catch (error) {
        const failure = classifyFailure(error);
        if (!failure) throw error;
        const retry = failure === 'connection' && attempt < attempts;
        this.options.logger.warn({ err: error, subgraph: this.name, failure, attempt, retry, requestId }, 'subgraph call failed');
        if (!retry) return failure;
      }
    }
  }

  private async respond(outcome: Promise<SubgraphAnswer | SubgraphFailure>, query: string, variables: Variables, requestId: string | undefined) {
    const answer = await outcome;
    if (answer === 'too-large') return failedFields(query, variables, subgraphResponseTooLarge(this.name, this.options.maxResponseBytes)) as GatewayResponse;
    if (typeof answer === 'string') return failedFields(query, variables, subgraphUnavailable(this.name, { timedOut: answer === 'timeout' })) as GatewayResponse;
    const body = parseBody(answer);
    if (answer.status < 300) {
      if (!body || typeof body !== 'object') throw new Error(`Expected JSON response body, but received: ${answer.text.slice(0, 100)}`);
      return body as GatewayResponse;
    }
    const error = new SubgraphHttpError(answer.status, body);
    if (error.graphqlErrors) return error.graphqlErrors as GatewayResponse;
    // E.g. a 403 for a wrong SUBGRAPH_SECRET: our fault, so the client gets a masked error on each field.
    this.options.logger.error({ subgraph: this.name, status: error.status, body, requestId }, 'subgraph refused the router');
    return failedFields(query, variables, { message: error.message }) as GatewayResponse;
  }
}

/** What a client is told of an answer past the limit: whose, and the limit. */
const subgraphResponseTooLarge = (service: string, limitBytes: number) => ({
  message: `The ${service} service answered more than ${limitBytes} bytes, the most the router reads: ask for less at once.`,
  extensions: { code: ErrorCode.SUBGRAPH_RESPONSE_TOO_LARGE, serviceName: service, limitBytes },
});

function parseBody({ text, contentType }: SubgraphAnswer): unknown {
  if (!contentType?.startsWith('application/json') && !contentType?.startsWith('application/graphql-response+json')) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
