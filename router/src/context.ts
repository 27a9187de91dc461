import type { ExpressContextFunctionArgument } from '@as-integrations/express5';
import type { VerifyAuthorization } from '@clmb/common';

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
    await verify(authorization);
    return authorization ? { authorization } : {};
  };
