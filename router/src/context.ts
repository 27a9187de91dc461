import type { ExpressContextFunctionArgument } from '@as-integrations/express5';
import type { VerifyAuthorization } from '@clmb/common';
import { GraphQLError } from 'graphql';

export interface RouterContext {
  /** The client's Authorization header, already verified here; subgraphs verify it again. */
  authorization?: string;
}

/**
 * Rejects a bad token at the edge with a clean 401 UNAUTHENTICATED before any subgraph is called;
 * the subgraphs still verify every token they get (they trust no caller).
 */
export const createContextFactory =
  (verify: VerifyAuthorization) =>
  async ({ req }: ExpressContextFunctionArgument): Promise<RouterContext> => {
    const authorization = req.headers.authorization;
    try {
      await verify(authorization);
    } catch (error) {
      if (error instanceof GraphQLError) error.extensions['http'] = { status: 401 };
      throw error;
    }
    return authorization ? { authorization } : {};
  };
