import { randomUUID } from 'node:crypto';
import type { ApolloServer, GraphQLResponse } from '@apollo/server';
import type { Logger } from '@clmb/common';
import { type ExecutionResult, type GraphQLFormattedError, GraphQLError } from 'graphql';
import type { RouterContext } from '../context';
import type { RouterMetrics } from '../metrics';
import type { EventSource } from './event-sources';
import type { LiveQuery } from './live-query';

/** What a subscription needs of its connection. */
export interface Subscriber {
  /** What each of its subscriptions is resolved as: the same context an HTTP request of the client gets. */
  context: RouterContext;
  /** Subscriptions open, and reserved by a subscribe being checked. */
  subscriptions: number;
}

export interface Subscription {
  connection: Subscriber;
  live: LiveQuery;
}

export const toError = (error: GraphQLFormattedError) => new GraphQLError(error.message, { extensions: error.extensions ?? {} });
export const singleResult = (response: GraphQLResponse) =>
  response.body.kind === 'single' ? response.body.singleResult : { errors: [{ message: 'Unexpected incremental result.' }] };

/**
 * A subscription's payloads, for graphql-ws to pull one at a time (after the previous one was
 * written to the socket). Events that come meanwhile fold into one pending resolution: one in
 * flight and one pending, whatever the burst.
 */
export function liveStreams({ apollo, events, metrics, logger }: { apollo: ApolloServer<RouterContext>; events: EventSource; metrics: RouterMetrics; logger: Logger }) {
  /** Runs the subscriber's selection for one event; the payload to send, or null to skip it. */
  const resolve = async ({ connection, live }: Subscription, entity: Record<string, unknown>): Promise<ExecutionResult | null> => {
    try {
      const response = await apollo.executeOperation(
        { query: live.query, variables: live.variablesFor(entity), ...(live.operationName && { operationName: live.operationName }) },
        { contextValue: { ...connection.context, liveEvent: true, requestId: randomUUID() } },
      );
      const result = singleResult(response);
      const value = (result as { data?: Record<string, unknown> | null }).data?.[live.responseKey];
      // Null: gone, or not the subscriber's to see (FORBIDDEN): nothing is sent.
      if (value == null) return null;
      return { data: { [live.responseKey]: value }, ...(result.errors && { errors: result.errors.map(toError) }) };
    } catch (error) {
      logger.error({ err: error }, 'subscriptions: resolving an event failed');
      return null;
    }
  };

  /** The subscription's payloads: pulled by graphql-ws one at a time, after the previous one was written. */
  const stream = (subscription: Subscription): AsyncIterableIterator<ExecutionResult> => {
    let pending: Record<string, unknown> | undefined;
    let wake: (() => void) | undefined;
    let done = false;
    metrics.subscriptions.inc();
    const stopListening = events.subscribe(subscription.live.topic, (event) => {
      metrics.subscriptionEvents.inc({ result: pending ? 'coalesced' : 'resolved' });
      pending = event.entity;
      wake?.();
    });
    const end = () => {
      if (done) return;
      done = true;
      stopListening();
      subscription.connection.subscriptions--;
      metrics.subscriptions.dec();
      wake?.();
    };
    const iterator: AsyncIterableIterator<ExecutionResult> = {
      async next() {
        while (!done) {
          if (!pending) await new Promise<void>((woken) => (wake = woken));
          wake = undefined;
          const entity = pending;
          pending = undefined;
          if (done || !entity) continue;
          const payload = await resolve(subscription, entity);
          metrics.subscriptionPayloads.inc({ result: payload ? 'sent' : 'skipped' });
          if (payload && !done) return { value: payload, done: false };
        }
        return { value: undefined, done: true };
      },
      async return() {
        end();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  };  return stream;
}
