import { ApolloLink, CombinedGraphQLErrors, ServerError } from '@apollo/client';
import { defer, type Observable, of, throwError } from 'rxjs';
import { catchError, mergeMap } from 'rxjs/operators';

export interface AuthLinkOptions {
  /** The access token to send; null to send none. */
  accessToken(): string | null;
  /**
   * Exchanges the stored refresh token for new tokens (the `RefreshToken` mutation, sent with
   * `context: { anonymous: true }`), stores them and returns the new access token; or drops the
   * tokens and returns null when the refresh token no longer works (the user must sign in again).
   */
  refresh(): Promise<string | null>;
}

declare module '@apollo/client' {
  interface DefaultContext {
    /** Send this operation without a token (e.g. logIn, refreshToken). */
    anonymous?: boolean;
  }
}

/** An expired or revoked token: the router answers 401 UNAUTHENTICATED before running anything. */
const rejectedToken = (error: unknown): boolean =>
  (ServerError.is(error) && error.statusCode === 401) ||
  (CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.['code'] === 'UNAUTHENTICATED'));

const withAuthorization = (headers: Record<string, string> | undefined, token: string | null) => {
  const { authorization: _dropped, ...rest } = headers ?? {};
  return token ? { ...rest, authorization: `Bearer ${token}` } : rest;
};

/**
 * Sends `Authorization: Bearer <access token>`. When the router rejects the token (401
 * UNAUTHENTICATED: it expired while the app slept), refreshes once, shared by every operation
 * that failed meanwhile, and sends the operation again: with the new token, or without one when
 * the refresh failed, so that a public screen (gyms, routes) still loads and `me` reads null.
 * Put it before the HttpLink: `ApolloLink.from([authLink(...), new HttpLink({ uri })])`.
 */
export function authLink(options: AuthLinkOptions): ApolloLink {
  let refreshing: Promise<string | null> | null = null;
  const refreshOnce = () => {
    refreshing ??= options.refresh().finally(() => {
      refreshing = null;
    });
    return refreshing;
  };
  return new ApolloLink((operation, forward) => {
    const send = (token: string | null): Observable<ApolloLink.Result> => {
      operation.setContext(({ headers }) => ({ headers: withAuthorization(headers, token) }));
      return forward(operation);
    };
    const token = operation.getContext().anonymous ? null : options.accessToken();
    if (!token) return send(null);
    const retry = () => defer(refreshOnce).pipe(mergeMap(send));
    return send(token).pipe(
      // With `accept: application/graphql-response+json` (HttpLink's default) the 401's body is a
      // GraphQL result; a server that answers plain JSON gives a ServerError instead.
      mergeMap((result) => (result.errors && rejectedToken(new CombinedGraphQLErrors(result)) ? retry() : of(result))),
      catchError((error: unknown) => (rejectedToken(error) ? retry() : throwError(() => error))),
    );
  });
}
