import { causeOf, createSubgraphClient, type Logger } from '@clmb/common';

/** The users service, asked directly: who a login (a username or an email) belongs to. */
export interface UsersClient {
  /** The id of the account with this username or email (any case); null when none has it. */
  userIdByLogin(login: string): Promise<string | null>;
}

const USER_ID_BY_LOGIN = /* GraphQL */ `query($login: String!) { _userIdByLogin(login: $login) }`;

/** A failure (unreachable, 5 s without an answer, errors) is common's SUBGRAPH_UNAVAILABLE naming users. */
export function createUsersClient(url: () => string | undefined, logger: Logger, subgraphSecret?: string): UsersClient {
  const users = createSubgraphClient({ service: 'users', url, secret: subgraphSecret });
  return {
    async userIdByLogin(login) {
      try {
        return (await users.query<{ _userIdByLogin: string | null }>(USER_ID_BY_LOGIN, { login }))._userIdByLogin;
      } catch (error) {
        logger.error({ err: causeOf(error) }, 'users subgraph request failed');
        throw error;
      }
    },
  };
}
