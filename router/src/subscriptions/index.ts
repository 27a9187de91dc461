import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { ApolloServer, } from '@apollo/server';
import { ErrorCode, type Logger, type VerifyAuthorization } from '@clmb/common';
import { GraphQLError, GraphQLSchema, getOperationAST, parse } from 'graphql';
import type { Context as WsContext } from 'graphql-ws';
import { useServer as serveGraphqlWs } from 'graphql-ws/use/ws';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Config } from '../config';
import { normalizeAddress, type RouterContext } from '../context';
import type { RouterMetrics } from '../metrics';
import type { DocumentFor } from '../trusted-documents';
import { TRUSTED_DOCUMENT_MESSAGES } from '../trusted-documents/screen';
import type { EventSource } from './event-sources';
import { liveQuery } from './live-query';
import { liveStreams, singleResult, type Subscriber, type Subscription, toError } from './live-stream';

/** Close codes a client acts on (docs/api.md, "Subscriptions"). */
export const CloseCodes = {
  /** No token, a bad one, or (later) expired or revoked: log in again, then reconnect. graphql-ws's Unauthorized. */
  unauthorized: 4401,
  /** The user has SUBSCRIPTION_CONNECTIONS_PER_USER connections open on this router already. */
  tooManyConnections: 4429,
  /** The client did not read what it was sent for SUBSCRIPTION_SLOW_CONSUMER_SECONDS: reconnect when it can keep up. */
  slow: 1013,
} as const;

/** How often every connection's token and socket are checked: a revoked or expired token closes within this (plus the revocation poll). */
const CHECK_INTERVAL_MS = 1_000;
/** A connection closed on the router's side that does not finish the close handshake is cut after this. */
const CLOSE_GRACE_MS = 10_000;

/** One authenticated graphql-ws connection. */
interface Connection extends Subscriber {
  extra: Extra;
  authorization: string;
  viewerId: string;
  /** Since when the socket has had unsent bytes, if it has. */
  slowSince?: number;
}

type Extra = {
  socket: WebSocket;
  request: IncomingMessage;
  connection?: Connection;
  /** Why the router closed it, for the metrics; unset: the client did. */
  closedFor?: string;
};

export interface SubscriptionOptions {
  server: Server;
  apollo: ApolloServer<RouterContext>;
  verify: VerifyAuthorization;
  events: EventSource;
  documentFor: DocumentFor;
  config: Config['subscriptions'] & { maxPayloadBytes: number };
  metrics: RouterMetrics;
  logger: Logger;
}

// graphql-ws asks for a schema with a subscription's arguments; `subscribe` below never reads it.
const UNUSED_SCHEMA = new GraphQLSchema({});

const errorWith = (code: string, message: string) => new GraphQLError(message, { extensions: { code } });

/**
 * Subscriptions over graphql-ws on the router's `/graphql` (docs/api.md, "Subscriptions";
 * docs/architecture.md, "The event path"). A connection authenticates once (connectionParams
 * `authorization`) and is closed when that token expires or is revoked. A subscribe message is
 * checked as an HTTP operation is (trusted documents, limits, validation, cost, rate limit,
 * access); then each event of its topic runs the subscriber's selection as a query through the
 * gateway, as the subscriber, and sends the answer unless the subscriber may not see it. Events
 * coming faster than they are resolved and sent are folded together: one resolution in flight
 * and one pending per subscription, whatever the burst, and nothing queues for a client that
 * does not read (it is closed instead).
 */
export function startSubscriptions(options: SubscriptionOptions) {
  const { apollo, verify, events, config, metrics, logger } = options;
  const connections = new Set<Connection>();
  const perUser = new Map<string, number>();
  const wss = new WebSocketServer({ server: options.server, path: '/graphql', maxPayload: config.maxPayloadBytes });

  const stream = liveStreams({ apollo, events, metrics, logger });
  const close = (extra: Extra, code: number, reason: string, why: string) => {
    if (extra.closedFor) return;
    extra.closedFor = why;
    metrics.subscriptionCloses.inc({ reason: why });
    extra.socket.close(code, reason);
    setTimeout(() => extra.socket.terminate(), CLOSE_GRACE_MS).unref();
  };

  const server = serveGraphqlWs<Record<string, unknown> | undefined, Extra>(
    {
      onConnect: async (ctx: WsContext<Record<string, unknown> | undefined, Extra>) => {
        const extra = ctx.extra;
        const authorization = ctx.connectionParams?.['authorization'];
        if (typeof authorization !== 'string' || authorization === '') {
          close(extra, CloseCodes.unauthorized, 'Unauthorized: connectionParams.authorization must be "Bearer <access token>"', 'unauthorized');
          return false;
        }
        const viewer = await verify(authorization).catch((error: unknown) => {
          close(extra, CloseCodes.unauthorized, `Unauthorized: ${error instanceof Error ? error.message : 'bad token'}`, 'unauthorized');
          return null;
        });
        if (!viewer) return false;
        // Closed while the token was checked: onClose has run already and would never free the slot.
        if (extra.socket.readyState !== extra.socket.OPEN) return false;
        const open = perUser.get(viewer.id) ?? 0;
        if (open >= config.connectionsPerUser) {
          close(extra, CloseCodes.tooManyConnections, `Too many connections: at most ${config.connectionsPerUser} per user`, 'too_many_connections');
          return false;
        }
        perUser.set(viewer.id, open + 1);
        const userAgent = extra.request.headers['user-agent'];
        const address = extra.request.socket.remoteAddress;
        const connection: Connection = {
          extra,
          authorization,
          viewerId: viewer.id,
          subscriptions: 0,
          context: {
            authorization,
            viewerId: viewer.id,
            viewerRole: viewer.role,
            ...(viewer.staff && { viewerStaff: true }),
            ...(address && { clientAddress: normalizeAddress(address) }),
            ...(userAgent && { userAgent }),
          },
        };
        extra.connection = connection;
        connections.add(connection);
        metrics.subscriptionConnections.inc();
        return true;
      },
      onSubscribe: async (ctx, _id, payload) => {
        const connection = ctx.extra.connection;
        if (!connection) return [errorWith(ErrorCode.UNAUTHENTICATED, 'Unauthorized')];
        if (connection.subscriptions >= config.perConnection) {
          return [errorWith(ErrorCode.TOO_MANY_REQUESTS, `Too many subscriptions: at most ${config.perConnection} on one connection`)];
        }
        connection.subscriptions++;
        const refuse = (errors: readonly GraphQLError[]) => {
          connection.subscriptions--;
          return errors;
        };
        const persisted = (payload.extensions?.['persistedQuery'] as { sha256Hash?: unknown } | undefined)?.sha256Hash;
        const found = options.documentFor({ query: payload.query || null, id: typeof persisted === 'string' ? persisted : undefined });
        if ('refusal' in found) return refuse([errorWith(found.refusal, TRUSTED_DOCUMENT_MESSAGES[found.refusal])]);
        const variables = payload.variables ?? {};
        const operationName = payload.operationName ?? undefined;
        let checked: ReturnType<typeof singleResult>;
        try {
          checked = singleResult(
            await apollo.executeOperation(
              { query: found.text, variables, ...(operationName && { operationName }) },
              { contextValue: { ...connection.context, subscribing: true, requestId: randomUUID() } },
            ),
          );
        } catch (error) {
          logger.error({ err: error }, 'subscriptions: checking a subscribe failed');
          return refuse([errorWith(ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error.')]);
        }
        if (checked.errors?.length) return refuse(checked.errors.map(toError));
        const document = parse(found.text);
        const operation = getOperationAST(document, operationName);
        if (!operation) return refuse([errorWith(ErrorCode.BAD_USER_INPUT, 'No operation to run.')]);
        const live = liveQuery(document, operation, variables, connection.viewerId);
        if (live instanceof GraphQLError) return refuse([live]);
        const subscription: Subscription = { connection, live };
        return { schema: UNUSED_SCHEMA, document, operationName, variableValues: variables, contextValue: subscription };
      },
      subscribe: (args) => stream(args.contextValue as Subscription),
      onClose: (ctx) => {
        const { connection, closedFor } = ctx.extra;
        if (!closedFor) metrics.subscriptionCloses.inc({ reason: 'client' });
        if (!connection || !connections.delete(connection)) return;
        metrics.subscriptionConnections.dec();
        const left = (perUser.get(connection.viewerId) ?? 1) - 1;
        if (left > 0) perUser.set(connection.viewerId, left);
        else perUser.delete(connection.viewerId);
      },
    },
    wss,
  );

  // Tokens expire and get revoked while connected; clients stop reading.
  const check = setInterval(() => {
    const now = Date.now();
    for (const connection of connections) {
      const { extra } = connection;
      verify(connection.authorization).catch((error: unknown) => {
        const message = error instanceof Error ? error.message : 'the access token is no longer valid';
        close(extra, CloseCodes.unauthorized, `Unauthorized: ${message}`, 'token');
      });
      if (extra.socket.bufferedAmount === 0) delete connection.slowSince;
      else if (connection.slowSince === undefined) connection.slowSince = now;
      else if (now - connection.slowSince >= config.slowConsumerMs) {
        close(extra, CloseCodes.slow, 'Try again later: this client does not read what it is sent', 'slow');
      }
    }
  }, CHECK_INTERVAL_MS);
  check.unref();

  return {
    async close() {
      clearInterval(check);
      for (const { extra } of connections) {
        if (extra.closedFor) continue;
        extra.closedFor = 'shutdown';
        metrics.subscriptionCloses.inc({ reason: 'shutdown' });
      }
      for (const socket of wss.clients) socket.terminate();
      await server.dispose();
      events.close();
    },
  };
}
