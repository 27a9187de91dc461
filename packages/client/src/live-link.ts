import { ApolloLink } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { isSubscriptionOperation } from '@apollo/client/utilities';
import { type Client, createClient } from 'graphql-ws';
import { defer, type Observable, throwError } from 'rxjs';
import { catchError, mergeMap } from 'rxjs/operators';
import type { AuthLinkOptions } from './auth-link';

/** The router's close codes (docs/api.md, "Subscriptions"). */
const UNAUTHORIZED = 4401;

export interface LiveLinkOptions extends AuthLinkOptions {
  /** The router's `/graphql` as a WebSocket URL: `wss://api.clmb.dev/graphql`. */
  url: string;
  /** Outside a browser, a WebSocket implementation (in Node: `ws`'s `WebSocket`). */
  webSocketImpl?: unknown;
}

/**
 * Subscriptions over graphql-ws, with the same token getter as `authLink`: the token goes in
 * `connectionParams.authorization` each time the socket (re)connects. When the router closes the
 * socket with 4401 (the token expired or was revoked), the link refreshes once, shared by every
 * subscription that was open, and subscribes again with the new token; without one the error
 * reaches the app (sign in again). Other drops reconnect with graphql-ws's backoff.
 */
export function liveLink(options: LiveLinkOptions): ApolloLink & { client: Client } {
  let closedWith: number | undefined;
  let refreshing: Promise<string | null> | null = null;
  const client = createClient({
    url: options.url,
    ...(options.webSocketImpl !== undefined && { webSocketImpl: options.webSocketImpl }),
    connectionParams: () => {
      const token = options.accessToken();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    on: { closed: (event) => (closedWith = (event as { code?: number }).code), connected: () => (closedWith = undefined) },
  });
  const ws = new GraphQLWsLink(client);
  const refreshOnce = () => {
    refreshing ??= options.refresh().finally(() => {
      refreshing = null;
    });
    return refreshing;
  };
  const link = new ApolloLink((operation) => {
    const subscribe = (retried: boolean): Observable<ApolloLink.Result> =>
      ws.request(operation).pipe(
        catchError((error: unknown) =>
          closedWith === UNAUTHORIZED && !retried
            ? defer(refreshOnce).pipe(mergeMap((token) => (token ? subscribe(true) : throwError(() => error))))
            : throwError(() => error),
        ),
      );
    return subscribe(false);
  });
  return Object.assign(link, { client });
}

/**
 * Subscriptions to `live`, everything else to `http`: `splitLink(liveLink({ ... }),
 * ApolloLink.from([authLink(...), trustedDocumentsLink(), new HttpLink({ uri })]))`.
 */
export const splitLink = (live: ApolloLink, http: ApolloLink): ApolloLink => ApolloLink.split(({ query }) => isSubscriptionOperation(query), live, http);
