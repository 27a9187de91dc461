import { causeOf, createSubgraphClient, type Logger } from '@clmb/common';

/** What climbers think of a route, as the users service counts it (`Route.rating`). */
export interface RouteRating {
  average: number | null;
  count: number;
}

/** The users subgraph, asked directly for what gyms checks or plans with but does not hold. */
export interface UsersClient {
  /** Which of `ids` are accounts, in one request: true or false in the order of `ids`. */
  accountsExist(ids: readonly string[]): Promise<boolean[]>;
  /** The ratings of many routes in one request, in the order of `ids`; null for a route users does not answer. */
  routeRatings(ids: readonly string[]): Promise<(RouteRating | null)[]>;
  /**
   * The id of the account with this username or email (any case); null when none has it. With
   * `verifiedEmail`, an email matches only an account that verified it (staff invitations).
   */
  userIdByLogin(login: string, options?: { verifiedEmail?: boolean }): Promise<string | null>;
  /** Tells users that these routes are planned to come down (its climbers' projects); answers how many climbers it told. */
  routesComingDown(routes: readonly RouteComingDown[]): Promise<number>;
}

/** A route with a strip plan, as `_routesComingDown` takes it. */
export interface RouteComingDown {
  id: string;
  gymId: string;
  plannedStripAt: string;
}

// Federation's entity lookups: one request for any number of users or routes, answered in order.
const USERS = /* GraphQL */ `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on User { id } } }`;
const USER_ID_BY_LOGIN = /* GraphQL */ `query($login: String!, $verifiedEmail: Boolean) { _userIdByLogin(login: $login, verifiedEmail: $verifiedEmail) }`;
const ROUTES_COMING_DOWN = /* GraphQL */ `mutation($routes: [RouteComingDownInput!]!) { _routesComingDown(routes: $routes) }`;
const RATINGS = /* GraphQL */ `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Route { rating { average count } } } }`;

/**
 * `requestId`: the client request a call is made for, so the users log lines of the call carry
 * its id. A failure (unreachable, 5 s without an answer, errors) is common's SUBGRAPH_UNAVAILABLE
 * naming users, as the router answers for a subgraph it cannot reach, logged here with the cause;
 * the caller decides what to do without the answer.
 */
export function createUsersClient(url: string | (() => string | undefined), logger: Logger, subgraphSecret?: string, requestId?: string): UsersClient {
  const users = createSubgraphClient({ service: 'users', url, secret: subgraphSecret });
  const query = async <T>(document: string, variables: Record<string, unknown>): Promise<T> => {
    try {
      return await users.query<T>(document, variables, { requestId });
    } catch (error) {
      logger.warn({ err: causeOf(error), requestId }, 'users subgraph request failed');
      throw error;
    }
  };
  return {
    async accountsExist(ids) {
      if (ids.length === 0) return [];
      const representations = ids.map((id) => ({ __typename: 'User', id }));
      const { _entities: found } = await query<{ _entities: ({ id?: string } | null)[] }>(USERS, { representations });
      return ids.map((id, i) => found[i]?.id === id);
    },
    async routeRatings(ids) {
      if (ids.length === 0) return [];
      const representations = ids.map((id) => ({ __typename: 'Route', id }));
      const data = await query<{ _entities: ({ rating: RouteRating | null } | null)[] }>(RATINGS, { representations });
      return data._entities.map((entity) => entity?.rating ?? null);
    },
    async userIdByLogin(login, options = {}) {
      return (await query<{ _userIdByLogin: string | null }>(USER_ID_BY_LOGIN, { login, verifiedEmail: options.verifiedEmail ?? false }))._userIdByLogin;
    },
    async routesComingDown(routes) {
      if (routes.length === 0) return 0;
      return (await query<{ _routesComingDown: number }>(ROUTES_COMING_DOWN, { routes }))._routesComingDown;
    },
  };
}
