import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { trace } from '@opentelemetry/api';
import { graphqlErrors, graphqlRequestDuration, operationLabel, rateLimitRejections } from './metrics';
import { tracingEnabled } from './tracing';

/** What a client saw: no error, data with errors (e.g. a subgraph down), or errors alone. */
function outcomeOf(data: unknown, errorCount: number): 'ok' | 'partial' | 'error' {
  if (errorCount === 0) return 'ok';
  return data === null || data === undefined ? 'error' : 'partial';
}

/**
 * Every service's request metrics: latency by operation name and outcome, errors by code (the
 * users subgraph's TOO_MANY_REQUESTS also as rate-limit rejections). With tracing on, it names the
 * operation on the request's span too.
 */
export function requestMetricsPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      const end = graphqlRequestDuration.startTimer();
      const span = tracingEnabled() ? trace.getActiveSpan() : undefined;
      return {
        async didResolveOperation({ operationName, operation }) {
          span?.setAttributes({ 'graphql.operation.type': operation?.operation, 'graphql.operation.name': operationName ?? '' });
        },
        async willSendResponse({ operationName, response }) {
          const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const errors = body?.errors ?? [];
          const operation = operationLabel(operationName);
          end({ operation, outcome: outcomeOf(body?.data, errors.length) });
          for (const error of errors) {
            const code = typeof error.extensions?.['code'] === 'string' ? error.extensions['code'] : 'UNKNOWN';
            graphqlErrors.inc({ operation, code });
            if (code === 'TOO_MANY_REQUESTS') rateLimitRejections.inc({ operation });
          }
        },
      };
    },
  };
}
