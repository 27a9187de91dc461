import type { IncomingHttpHeaders } from 'node:http';
import { type ApolloServer, type ApolloServerPlugin, type BaseContext, type ContextFunction, type GraphQLRequestContext, HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import express, { type Request, type RequestHandler, type Response } from 'express';

/** What a service's context function gets for an HTTP request. */
export interface HttpContextArgument {
  req: Request;
  res: Response;
}

/** `100kb` → 102400: the sizes BODY_LIMIT and SUBGRAPH_RESPONSE_LIMIT are written in. */
export const byteSize = (size: string): number => {
  const [, digits = '0', unit = 'b'] = /^(\d+)(b|kb|mb)$/.exec(size) ?? [];
  return Number(digits) * { b: 1, kb: 1024, mb: 1024 * 1024 }[unit as 'b' | 'kb' | 'mb'];
};

/** A body error as body-parser reports one (`status`, `type`), so the app's error handler answers both alike. */
const bodyError = (status: number, type: string, message: string) => Object.assign(new Error(message), { status, type, expose: true });

/** `application/json`, in UTF-8 (JSON's own encoding), not compressed: what every GraphQL client sends. */
function isPlainJson(headers: IncomingHttpHeaders): boolean {
  const encoding = headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;
  const type = headers['content-type']?.toLowerCase();
  return type === 'application/json' || type === 'application/json; charset=utf-8' || type === 'application/json;charset=utf-8';
}

/**
 * Reads a request's JSON body into `req.body`, at most `limitBytes` of it. The plain case, every
 * GraphQL client's POST, is read here: the chunks, one `JSON.parse`. Anything else (another
 * charset, a compressed body, a GET) goes to `express.json`, which knows those cases; a body error
 * is the same one either way (`entity.parse.failed`, `entity.too.large`, ...), so clients are told
 * the same thing. Profiled, body-parser's general path was 2–3% of every service's CPU.
 */
export function jsonBody(limitBytes: number): RequestHandler {
  const general = express.json({ limit: limitBytes });
  return (req, res, next) => {
    if (req.method !== 'POST' || !isPlainJson(req.headers)) {
      general(req, res, next);
      return;
    }
    const announced = req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
    if (announced !== undefined && announced > limitBytes) {
      next(bodyError(413, 'entity.too.large', 'request entity too large'));
      return;
    }
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      req.off('data', onData).off('end', onEnd).off('error', onError).off('aborted', onAborted);
      if (error) {
        // The rest of an oversized body is read and dropped, so the connection stays usable.
        req.resume();
        next(error);
        return;
      }
      const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
      // body-parser's strict mode: an empty body is {}, and a body must be an object or an array.
      const first = /\S/.exec(text)?.[0];
      if (first === undefined) req.body = {};
      else if (first !== '{' && first !== '[') return next(bodyError(400, 'entity.parse.failed', 'not a JSON object or array'));
      else {
        try {
          req.body = JSON.parse(text);
        } catch (parseError) {
          return next(Object.assign(parseError as Error, { status: 400, type: 'entity.parse.failed', expose: true }));
        }
      }
      next();
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limitBytes) settle(bodyError(413, 'entity.too.large', 'request entity too large'));
      else chunks.push(chunk);
    };
    // Node's parser ends a body at its Content-Length; one cut short is `aborted`, never `end`.
    const onEnd = () => settle();
    const onError = (error: Error) => settle(Object.assign(error, { status: 400, type: 'request.aborted', expose: true }));
    const onAborted = () => settle(bodyError(400, 'request.aborted', 'request aborted'));
    req.on('data', onData).on('end', onEnd).on('error', onError).on('aborted', onAborted);
  };
}

/** Where `releaseRequestContexts` leaves a request's Apollo request context, on the HTTP request `apolloHandler` made. */
const requestContextSlot = Symbol('the Apollo request context of this HTTP request');
type HttpRequestWithContext = HTTPGraphQLRequest & { [requestContextSlot]?: GraphQLRequestContext<BaseContext> };

/**
 * Lets `apolloHandler` let go of what a request held once its answer is written. With a gateway
 * (the router's, and every subgraph's compiled execution), Apollo hands the executor an object
 * literal whose `status` getter and setter close over a copy of the request context. V8 gives every
 * such object a hidden class of its own, and a hidden class lives in the old generation until the
 * next full collection: until then every scavenge keeps whatever those closures reach (the
 * result, the variables, the context with its loaders and their rows), copies it and promotes it.
 * A request's whole graph outlived it that way, and every scavenge paused the longer for it
 * (docs/operations.md). The copy shares the context's parts, so emptying them cuts it off. Every
 * ApolloServer that `createHttpApp` serves lists this plugin.
 */
export function releaseRequestContexts<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart(requestContext) {
      const http = requestContext.request.http as HttpRequestWithContext | undefined;
      if (http) http[requestContextSlot] = requestContext as GraphQLRequestContext<BaseContext>;
    },
  };
}

/** Contexts whose resolvers work on a copy of their own (`compiledExecution`): emptied whole once answered. */
const releasedWithAnswer = new WeakSet<object>();

/** `context` is Apollo's alone (its resolvers were given a copy): `apolloHandler` may empty it once the request is answered. */
export const releaseContextWithAnswer = (context: object): void => {
  releasedWithAnswer.add(context);
};

/**
 * Drops the answer, the variables and the body, which Apollo no longer reads, and Apollo's copy of
 * the context where the resolvers were given their own (`releaseContextWithAnswer`); anywhere else
 * (the router) the context stays whole, since work a request leaves running may still use it.
 */
function release(http: HttpRequestWithContext): void {
  const requestContext = http[requestContextSlot];
  if (!requestContext) return;
  http[requestContextSlot] = undefined;
  http.body = undefined;
  requestContext.response.body = undefined;
  requestContext.request.variables = undefined;
  const context = requestContext.contextValue as Record<string, unknown>;
  if (releasedWithAnswer.has(context)) for (const key of Object.keys(context)) context[key] = undefined;
}

/**
 * Hands a request (its JSON body already read) to Apollo Server and writes Apollo's answer, as
 * `@as-integrations/express5` does, without express's `res.send` (content-type sniffing, a
 * Buffer copy, freshness checks) for an answer Apollo has already typed and serialised.
 */
export function apolloHandler<TContext extends BaseContext>(
  apollo: ApolloServer<TContext>,
  context: ContextFunction<[HttpContextArgument], TContext>,
): RequestHandler {
  apollo.assertStarted('apolloHandler()');
  return async (req, res, next) => {
    try {
      const headers = new HeaderMap();
      for (const name in req.headers) {
        const value = req.headers[name];
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      const query = req.url.indexOf('?');
      const httpGraphQLRequest: HttpRequestWithContext = { method: req.method.toUpperCase(), headers, search: query < 0 ? '' : req.url.slice(query), body: req.body };
      try {
        const answer = await apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: () => context({ req, res }) });
        for (const [name, value] of answer.headers) res.setHeader(name, value);
        res.statusCode = answer.status ?? 200;
        if (answer.body.kind === 'complete') {
          res.end(answer.body.string);
          return;
        }
        for await (const chunk of answer.body.asyncIterator) res.write(chunk);
        res.end();
      } finally {
        release(httpGraphQLRequest);
      }
    } catch (error) {
      next(error);
    }
  };
}
