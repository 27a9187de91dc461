import { causeOf, createSubgraphClient, type Logger } from '@clmb/common';

/** The users subgraph, asked directly when a write names accounts it cannot enforce with a foreign key. */
export interface UsersClient {
  /** Which of `ids` are accounts, in one request: true or false in the order of `ids`. */
  accountsExist(ids: readonly string[]): Promise<boolean[]>;
}

// Federation's entity lookup: one request for any number of users, answered in order.
const USERS = /* GraphQL */ `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on User { id } } }`;

/**
 * `requestId`: the client request a check is made for, so the users log lines of the check carry
 * its id. A failure (unreachable, 5 s without an answer, errors) is common's SUBGRAPH_UNAVAILABLE
 * naming users, as the router answers for a subgraph it cannot reach.
 */
export function createUsersClient(url: string | (() => string | undefined), logger: Logger, subgraphSecret?: string, requestId?: string): UsersClient {
  const users = createSubgraphClient({ service: 'users', url, secret: subgraphSecret });
  return {
    async accountsExist(ids) {
      if (ids.length === 0) return [];
      const representations = ids.map((id) => ({ __typename: 'User', id }));
      try {
        const { _entities: found } = await users.query<{ _entities: ({ id?: string } | null)[] }>(USERS, { representations }, { requestId });
        return ids.map((id, i) => found[i]?.id === id);
      } catch (error) {
        // Logged here with the cause; the client learns only that users is unavailable.
        logger.error({ err: causeOf(error), requestId }, 'users subgraph request failed');
        throw error;
      }
    },
  };
}
