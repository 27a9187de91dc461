import { ErrorCode } from '@clmb/common';
import { GraphQLError } from 'graphql';

// The errors both services raise (UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, BAD_USER_INPUT) are
// @clmb/common's; these are the users service's own.

/** A client that tried too often; `retryAfterSeconds` says when the window that stopped it closes. */
export class TooManyRequestsError extends GraphQLError {
  constructor(retryAfterSeconds: number) {
    super(`Too many attempts; try again in ${retryAfterSeconds} seconds.`, {
      extensions: { code: ErrorCode.TOO_MANY_REQUESTS, retryAfterSeconds },
    });
  }
}

/** The same code and wording the router uses when it cannot reach a subgraph. */
export class GymsUnavailableError extends GraphQLError {
  constructor(cause: unknown) {
    super('The gyms service is unavailable.', {
      originalError: cause instanceof Error ? cause : undefined,
      extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE, serviceName: 'gyms' },
    });
  }
}
