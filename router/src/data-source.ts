import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { injectTraceContext, REQUEST_ID_HEADER, SUBGRAPH_SECRET_HEADER, type Logger } from '@clmb/common';
import type { RouterContext } from './context';
import { classifyFailure, failedFields, isMutation, SubgraphHttpError, type SubgraphFailure, unavailable } from './subgraph-failure';

type Fetcher = NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher'];
type FetcherResponse = Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0];
type GatewayResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;

export interface SubgraphDataSourceOptions {
  name: string;
  url: string;
  timeoutMs: number;
  secret: string | undefined;
  logger: Logger;
}

/** A query is sent at most this often when the connection fails; a mutation exactly once. */
const QUERY_ATTEMPTS = 2;

/**
 * Calls a subgraph with Node's own fetch (undici: keep-alive, cheaper than make-fetch-happen) and a
 * timeout per attempt, so a hung subgraph costs its fields, not a hung client request. Forwards the
 * client's Authorization header (subgraphs verify it themselves), address and request id, and adds
 * the shared secret. A query whose connection fails (refused, reset: e.g. a subgraph restarting, a
 * stale keep-alive socket) is sent once more; a mutation never, as it may have been applied. When
 * the subgraph cannot answer, its fields come back null with a SUBGRAPH_UNAVAILABLE error each,
 * and the rest of the response is still served.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<RouterContext> {
  readonly name: string;
  private readonly secret: string | undefined;
  private readonly logger: Logger;

  constructor(options: SubgraphDataSourceOptions) {
    const fetcher = ((input: string, init?: RequestInit) =>
      fetch(input, { ...init, signal: AbortSignal.timeout(options.timeoutMs) })) as unknown as Fetcher;
    super({ url: options.url, fetcher });
    this.name = options.name;
    this.secret = options.secret;
    this.logger = options.logger;
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<RouterContext>): void {
    const headers = request.http?.headers;
    if (!headers) return;
    // The gateway's own requests (none with a static supergraph) would come with an empty context.
    const { authorization, clientAddress, requestId } = context as RouterContext;
    if (authorization) headers.set('authorization', authorization);
    // Set, not appended: the subgraph takes the router's word for the client, never the client's own.
    if (clientAddress) headers.set('x-forwarded-for', clientAddress);
    if (requestId) headers.set(REQUEST_ID_HEADER, requestId);
    // Subgraphs answer only requests that carry the router's secret.
    if (this.secret) headers.set(SUBGRAPH_SECRET_HEADER, this.secret);
    // W3C traceparent of the gateway's fetch span, so the subgraph's spans join the client's trace.
    injectTraceContext(headers);
  }

  override async process(options: GraphQLDataSourceProcessOptions<RouterContext>): Promise<GatewayResponse> {
    const { query, variables } = options.request;
    const attempts = isMutation(query) ? 1 : QUERY_ATTEMPTS;
    let failure: SubgraphFailure = 'connection';
    for (let attempt = 1; attempt <= attempts && failure === 'connection'; attempt++) {
      try {
        return await super.process(options);
      } catch (error) {
        const { requestId } = options.context as RouterContext;
        if (error instanceof SubgraphHttpError && error.status < 500) {
          if (error.graphqlErrors) return error.graphqlErrors as GatewayResponse;
          // E.g. a 403 for a wrong SUBGRAPH_SECRET: our fault, so the client gets a masked error on each field.
          this.logger.error({ subgraph: this.name, status: error.status, body: error.body, requestId }, 'subgraph refused the router');
          return failedFields(query, variables, { message: error.message }) as GatewayResponse;
        }
        const classified = classifyFailure(error);
        if (!classified) throw error;
        failure = classified;
        const retry = failure === 'connection' && attempt < attempts;
        this.logger.warn({ err: error, subgraph: this.name, failure, attempt, retry, requestId }, 'subgraph call failed');
      }
    }
    return failedFields(query, variables, unavailable(this.name, failure)) as GatewayResponse;
  }

  /** Keeps the status and body for `process`; the gateway's own version puts the URL in the error. */
  override async errorFromResponse(response: FetcherResponse): Promise<SubgraphHttpError> {
    return new SubgraphHttpError(response.status, await this.parseBody(response).catch(() => undefined));
  }
}
