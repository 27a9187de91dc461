import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';

/**
 * An `operationName` the document does not define (or none, for a document of several) is the
 * client's mistake: 400 OPERATION_RESOLUTION_FAILURE, as Apollo Server answers without a gateway,
 * instead of the gateway's INVALID_GRAPHQL that would be masked as an internal error.
 */
export const operationMustResolve: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, request }) {
        if (operation) return;
        const message = request.operationName
          ? `Unknown operation named "${request.operationName}".`
          : 'Must provide operation name if query contains multiple operations.';
        throw new GraphQLError(message, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } } });
      },
    };
  },
};
