import { causeOf, createSubgraphClient, type Logger } from '@clmb/common';

/** What climbers think of a route, as the users service counts it (`Route.rating`). */
export interface RouteRating {
  average: number | null;
  count: number;
}

/** The users subgraph, asked directly for what gyms plans with but does not hold. */
export interface UsersClient {
  /** The ratings of many routes in one request, in the order of `ids`; null for a route users does not answer. */
  routeRatings(ids: readonly string[]): Promise<(RouteRating | null)[]>;
}

// Federation's entity lookup: one request for any number of routes, answered in order.
const RATINGS = /* GraphQL */ `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Route { rating { average count } } } }`;

/**
 * A failure (unreachable, 5 s without an answer, errors) is common's SUBGRAPH_UNAVAILABLE naming
 * users, logged here with the URL and cause; the caller decides what to do without the answer.
 */
export function createUsersClient(url: string, logger: Logger, subgraphSecret?: string): UsersClient {
  const users = createSubgraphClient({ service: 'users', url, secret: subgraphSecret });
  return {
    routeRatings: async (ids) => {
      if (ids.length === 0) return [];
      const representations = ids.map((id) => ({ __typename: 'Route', id }));
      try {
        const data = await users.query<{ _entities: ({ rating: RouteRating | null } | null)[] }>(RATINGS, { representations });
        return data._entities.map((entity) => entity?.rating ?? null);
      } catch (error) {
        logger.warn({ err: causeOf(error), url }, 'users subgraph request failed');
        throw error;
      }
    },
  };
}
