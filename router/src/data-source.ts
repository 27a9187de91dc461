import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { SUBGRAPH_SECRET_HEADER } from '@clmb/common';
import type { RouterContext } from './context';

type Fetcher = NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher'];

/**
 * Calls a subgraph with Node's own fetch (undici: keep-alive, cheaper than make-fetch-happen) and a
 * timeout, so a hung subgraph costs one failed field instead of a hung client request. Forwards the
 * client's Authorization header (subgraphs verify the token themselves) and adds the shared secret.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<RouterContext> {
  constructor(
    name: string,
    url: string,
    timeoutMs: number,
    private readonly secret: string | undefined,
  ) {
    const fetcher = ((input: string, init?: RequestInit) =>
      fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) })) as unknown as Fetcher;
    super({ url, fetcher });
    this.name = name;
  }

  readonly name: string;

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<RouterContext>): void {
    const authorization = 'authorization' in context ? context.authorization : undefined;
    if (authorization) request.http?.headers.set('authorization', authorization);
    // Subgraphs answer only requests that carry the router's secret.
    if (this.secret) request.http?.headers.set(SUBGRAPH_SECRET_HEADER, this.secret);
  }
}
