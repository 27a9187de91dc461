import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { REQUEST_ID_HEADER } from './request-id';

/** The codes a client can act on; anything else is masked as INTERNAL_SERVER_ERROR. */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  /** The router could not reach a subgraph (down, reset, too slow): the fields it owns are null. */
  SUBGRAPH_UNAVAILABLE: 'SUBGRAPH_UNAVAILABLE',
  /** A rate limit (the router's per client; users: log-in, sign-up): retry after `extensions.retryAfterSeconds`. */
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  /** The router's demand control: the operation's estimated cost is over the limit (the Apollo Router's code). */
  COST_ESTIMATED_TOO_EXPENSIVE: 'COST_ESTIMATED_TOO_EXPENSIVE',
  /** A statement ran past DB_STATEMENT_TIMEOUT_MS or waited on a lock past DB_LOCK_TIMEOUT_MS: nothing was written; try again. */
  DATABASE_TIMEOUT: 'DATABASE_TIMEOUT',
  /** A subgraph's answer passed the router's SUBGRAPH_RESPONSE_LIMIT: the fields it owns are null; ask for less at once. */
  SUBGRAPH_RESPONSE_TOO_LARGE: 'SUBGRAPH_RESPONSE_TOO_LARGE',
} as const;

export class UnauthenticatedError extends GraphQLError {
  /** `rejectRequest`: the whole request is refused (a bad token), answered with HTTP 401. */
  constructor(message = 'You must be logged in.', options: { rejectRequest?: boolean } = {}) {
    super(message, {
      extensions: { code: ErrorCode.UNAUTHENTICATED, ...(options.rejectRequest && { http: { status: 401 } }) },
    });
  }
}

export class ForbiddenError extends GraphQLError {
  /** `extensions`: what the refusal is about, for the client to act on (e.g. `{ gymId }`). */
  constructor(message = 'You are not allowed to do this.', extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code: ErrorCode.FORBIDDEN } });
  }
}

export class NotFoundError extends GraphQLError {
  constructor(what: string, id: string) {
    super(`${what} ${id} does not exist.`, { extensions: { code: ErrorCode.NOT_FOUND } });
  }
}

/** `field` is the path of the offending input, e.g. `input.email`, so a form can point at it. */
export class BadUserInputError extends GraphQLError {
  constructor(message: string, field: string) {
    super(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, field } });
  }
}

/** BAD_USER_INPUT on one input field, worded like parseInput's: `input.gymId: the gym is archived`. */
export const invalidField = (field: string, problem: string): BadUserInputError => new BadUserInputError(`${field}: ${problem}`, field);

/**
 * What a client is told of a subgraph that cannot answer (down, reset, too slow): which one, no
 * host, port or cause (those are logged). The router's answer for an unreachable subgraph's
 * fields, and `SubgraphUnavailableError`'s for one subgraph asking another.
 */
export const subgraphUnavailable = (service: string, options: { timedOut?: boolean } = {}) => ({
  message: options.timedOut ? `The ${service} service did not answer in time.` : `The ${service} service is unavailable.`,
  extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE, serviceName: service },
});

/** A subgraph this one asked (users asking gyms) could not answer, or not in time; `cause` is kept for the log. */
export class SubgraphUnavailableError extends GraphQLError {
  constructor(service: string, cause: unknown) {
    const timedOut = cause instanceof Error && cause.name === 'TimeoutError';
    const { message, extensions } = subgraphUnavailable(service, { timedOut });
    super(message, { originalError: cause instanceof Error ? cause : undefined, extensions });
  }
}

/**
 * What a client over a rate limit is told, with when to ask again (whole seconds): the message and
 * extensions of `TooManyRequestsError`, and the error the router sends, without building one, when
 * it refuses a request before parsing it.
 */
export const tooManyRequests = (retryAfterSeconds: number) => ({
  message: `Too many requests; try again in ${retryAfterSeconds} seconds.`,
  extensions: { code: ErrorCode.TOO_MANY_REQUESTS, retryAfterSeconds },
});

/**
 * A client over a rate limit (the router's per client, the users service's log-in and sign-up
 * limits, the logbook import's quota). `details` words a limit of its own and says more about it
 * (`reason`, what remains).
 */
export class TooManyRequestsError extends GraphQLError {
  constructor(retryAfterSeconds: number, details?: { message: string; extensions: Record<string, unknown> }) {
    const { message, extensions } = tooManyRequests(retryAfterSeconds);
    super(details?.message ?? message, { extensions: { ...extensions, ...details?.extensions } });
  }
}

/** What a client is told when the database gave up on its request (a lock or statement timeout); the cause is logged. */
export const databaseTimeout = (formatted: GraphQLFormattedError): GraphQLFormattedError => ({
  message: 'The database was busy and did not answer in time; try again.',
  ...(formatted.path ? { path: formatted.path } : {}),
  ...(formatted.locations ? { locations: formatted.locations } : {}),
  extensions: { code: ErrorCode.DATABASE_TIMEOUT },
});

/**
 * Apollo Server's `stringifyResult`: one line of JSON, where Apollo's default indents every
 * response by two spaces per level (a logbook's answer three times the size, all of it written and read
 * again by the router). Clients and Sandbox format JSON themselves.
 */
export const compactJson = (result: unknown): string => JSON.stringify(result);

// Codes produced by graphql-js / Apollo Server itself for a malformed request: the client's fault, safe to show.
const PASS_THROUGH = new Set<unknown>([
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.FORBIDDEN,
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.NOT_FOUND,
  ErrorCode.SUBGRAPH_UNAVAILABLE,
  ErrorCode.TOO_MANY_REQUESTS,
  ErrorCode.COST_ESTIMATED_TOO_EXPENSIVE,
  ErrorCode.DATABASE_TIMEOUT,
  ErrorCode.SUBGRAPH_RESPONSE_TOO_LARGE,
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/**
 * Request errors Apollo Server raises without a code (so they would be masked): answered with 400,
 * they are the client's, named here by their message.
 */
const APOLLO_REQUEST_ERRORS = new Map<string, string>([
  // An automatic persisted query whose sha256Hash is not the hash of the query sent with it.
  ['provided sha does not match query', 'PERSISTED_QUERY_HASH_MISMATCH'],
  ['Unsupported persisted query version', 'BAD_REQUEST'],
]);

/** Whether an error is one the client must not see: not a code a client can act on, nor a request error by its message. */
export function isUnexpected(error: { message: string; path?: readonly unknown[] | undefined; extensions?: Record<string, unknown> | undefined }): boolean {
  if (PASS_THROUGH.has(error.extensions?.['code'])) return false;
  return !(APOLLO_REQUEST_ERRORS.has(error.message) && !error.path);
}

/**
 * Expected errors go to the client unchanged (minus any stack trace); unexpected ones are logged
 * with their cause and replaced by a generic INTERNAL_SERVER_ERROR, so SQL, hostnames and stack
 * traces never reach a client. The request id (from the request's `x-request-id`, which the HTTP
 * layer sets) goes into the log line and, with `exposeRequestId` (the router, which faces
 * clients), into the client's error, so a user's report leads to the cause. Apollo's `formatError`
 * masks; the plugin logs and adds the id, as only plugins see the request. No async context: its
 * promise hooks cost every request a few percent of CPU.
 */
export function maskUnexpectedErrors<TContext extends BaseContext>(
  logger: Logger,
  options: { exposeRequestId?: boolean } = {},
): { formatError: (formatted: GraphQLFormattedError) => GraphQLFormattedError; plugin: ApolloServerPlugin<TContext> } {
  const formatError = (formatted: GraphQLFormattedError): GraphQLFormattedError => {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    if (!isUnexpected(formatted)) {
      const requestError = APOLLO_REQUEST_ERRORS.get(formatted.message);
      return requestError ? { message: formatted.message, extensions: { code: requestError } } : { ...formatted, extensions };
    }
    // Only a failure outside the request pipeline (a context function's, see http.ts) comes with its request id.
    const { requestId } = extensions;
    return {
      message: 'Internal server error.',
      ...(formatted.path ? { path: formatted.path } : {}),
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, ...(options.exposeRequestId && typeof requestId === 'string' && { requestId }) },
    };
  };
  const idOf = (request: { http?: { headers: Map<string, string> } | undefined }) => request.http?.headers.get(REQUEST_ID_HEADER);
  // One listener for every request: the id is read from the request when there is an error.
  const listener: GraphQLRequestListener<TContext> = {
    async didEncounterErrors({ errors, request }) {
      for (const error of errors) {
        if (isUnexpected(error)) logger.error({ err: causeOf(error), path: error.path, requestId: idOf(request) }, 'unexpected error');
      }
    },
    async willSendResponse({ response, request }) {
      if (!options.exposeRequestId || response.body.kind !== 'single' || !response.body.singleResult.errors) return;
      const requestId = idOf(request);
      const result = response.body.singleResult;
      result.errors = result.errors?.map((error) =>
        requestId && error.extensions?.['code'] === ErrorCode.INTERNAL_SERVER_ERROR ? { ...error, extensions: { ...error.extensions, requestId } } : error,
      );
    },
  };
  const plugin: ApolloServerPlugin<TContext> = { requestDidStart: async () => listener };
  return { formatError, plugin };
}

/** What went wrong underneath a GraphQL error, for a log line: its original error, if it has one. */
export const causeOf = (error: unknown): unknown => (error instanceof GraphQLError && error.originalError ? error.originalError : error);
