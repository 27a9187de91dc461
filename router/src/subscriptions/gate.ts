import { type ApolloServerPlugin, type GraphQLResponse, HeaderMap } from '@apollo/server';
import type { RouterContext } from '../context';

const answer = (status: number, body: GraphQLResponse['body']): GraphQLResponse => ({ http: { status, headers: new HeaderMap() }, body });

/**
 * The last word before the gateway would run an operation. A subscription never reaches it: sent
 * over HTTP it is refused (it is served over graphql-ws), and a subscribe message's document,
 * checked through Apollo's whole pipeline (parse and limits, validation against the API schema,
 * cost, rate limit, access) by `subscriptions/`, stops here once it passed. Over graphql-ws only
 * subscriptions are taken: a query or mutation goes over HTTP.
 */
export const subscriptionGate: ApolloServerPlugin<RouterContext> = {
  async requestDidStart() {
    return {
      async responseForOperation({ operation, contextValue }) {
        const subscription = operation.operation === 'subscription';
        if (subscription === (contextValue.subscribing === true)) {
          return contextValue.subscribing ? answer(200, { kind: 'single', singleResult: { data: {} } }) : null;
        }
        const message = subscription
          ? 'Subscriptions are served over graphql-ws on this URL (docs/api.md, "Subscriptions").'
          : 'Only subscriptions are served over graphql-ws: send queries and mutations over HTTP.';
        return answer(400, { kind: 'single', singleResult: { errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] } });
      },
    };
  },
};
