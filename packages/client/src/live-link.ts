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
 * socket with 4401 (the token expired or was revoked), the link refreshes, once per close and
 * shared by every subscription that was open, and subscribes again with the new token; without
 * one, or when the new token is refused too, the error reaches the app (sign in again). Other drops reconnect with graphql-ws's backoff.
 */
export function liveLink(options: LiveLinkOptions): ApolloLink & { client: Client } {
  let closedWith: number | undefined;
  let refreshing: Promise<string | null> | null = null;
  /** Connections the router acknowledged so far: a refreshed token that was accepted may be refreshed again at its own expiry. */
  let acknowledged = 0;
  const client = createClient({
    url: options.url,
    ...(options.webSocketImpl !== undefined && { webSocketImpl: options.webSocketImpl }),
    connectionParams: () => {
      const token = options.accessToken();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    on: {
      closed: (event) => (closedWith = (event as { code?: number }).code),
      connected: () => {
        closedWith = undefined;
        acknowledged++;
      },
    },
  });
  const ws = new GraphQLWsLink(client);
  const refreshOnce = () => {
    refreshing ??= options.refresh().finally(() => {
      refreshing = null;
    });
    return refreshing;
  };
  const link = new ApolloLink((operation) => {
    // One refresh per 4401 while each refreshed token gets a connection acknowledged; a token
    // refused straight after its refresh reaches the app.
    const subscribe = (refreshedAt?: number): Observable<ApolloLink.Result> =>
      ws.request(operation).pipe(
        catchError((error: unknown) =>
          closedWith === UNAUTHORIZED && refreshedAt !== acknowledged
            ? defer(refreshOnce).pipe(mergeMap((token) => (token ? subscribe(acknowledged) : throwError(() => error))))
            : throwError(() => error),
        ),
      );
    return subscribe();
  });
  return Object.assign(link, { client });
}

/**
 * Subscriptions to `live`, everything else to `http`: `splitLink(liveLink({ ... }),
 * ApolloLink.from([authLink(...), trustedDocumentsLink(), new HttpLink({ uri })]))`.
 */
export const splitLink = (live: ApolloLink, http: ApolloLink): ApolloLink => ApolloLink.split(({ query }) => isSubscriptionOperation(query), live, http);
