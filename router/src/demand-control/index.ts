import type { ApolloServerPlugin, BaseContext, GraphQLRequest, GraphQLRequestListener } from '@apollo/server';
import { ErrorCode } from '@clmb/common';
import { type DocumentNode, GraphQLError, type OperationDefinitionNode } from 'graphql';
import { compileCost } from './estimate';
import { schemaWeights, type Weights } from './weights';

/** What the estimate reads of a request once Apollo has resolved its operation. */
export interface ResolvedOperation {
  request: GraphQLRequest;
  document: DocumentNode;
  operation: OperationDefinitionNode;
}

/** The request's estimated cost; throws CostTooExpensiveError when it is over the limit. */
export type CostOf = (resolved: ResolvedOperation) => number;

/** An operation the limit refuses, worded as the Apollo Router's (code COST_ESTIMATED_TOO_EXPENSIVE), answered with 400. */
export class CostTooExpensiveError extends GraphQLError {
  constructor(estimatedCost: number, maxCost: number) {
    super(`The operation's estimated cost ${estimatedCost} is over the limit of ${maxCost} (docs/api.md, "What an operation costs").`, {
      extensions: { code: ErrorCode.COST_ESTIMATED_TOO_EXPENSIVE, estimatedCost, maxCost, http: { status: 400 } },
    });
  }
}

/**
 * Demand control as the Apollo Router does it: each operation's cost is estimated from the
 * supergraph's `@cost` and `@listSize`, the operation and its variables, before any planning, and
 * an operation over `maxCost` is refused. The rate limit charges the same estimate (`costOf`).
 *
 * The cost of an operation is compiled once (Apollo keeps a parsed document for every later
 * request with the same text) into a number, or into a function of the few variables it depends
 * on; a request then costs a lookup and, at most, that function. `useSupergraph` swaps the weights
 * when the gateway loads a new supergraph.
 */
export function createDemandControl(supergraphSdl: string, { maxCost }: { maxCost: number }) {
  let weights: Weights = schemaWeights(supergraphSdl);
  let compiled = new WeakMap<OperationDefinitionNode, (variables: Readonly<Record<string, unknown>>) => number>();
  // Per request: the plugin and the rate limit both ask, the operation is estimated once.
  const estimates = new WeakMap<GraphQLRequest, number>();

  const estimate = ({ request, document, operation }: ResolvedOperation): number => {
    let cost = compiled.get(operation);
    if (!cost) {
      cost = compileCost(weights, document, operation);
      compiled.set(operation, cost);
    }
    return cost(request.variables ?? {});
  };
  const costOf: CostOf = (resolved) => {
    let cost = estimates.get(resolved.request);
    if (cost === undefined) {
      cost = estimate(resolved);
      estimates.set(resolved.request, cost);
    }
    if (cost > maxCost) throw new CostTooExpensiveError(cost, maxCost);
    return cost;
  };
  // One listener for every request.
  const listener: GraphQLRequestListener<BaseContext> = {
    async didResolveOperation(context) {
      if (context.operation) costOf({ request: context.request, document: context.document, operation: context.operation });
    },
  };
  const plugin: ApolloServerPlugin<BaseContext> = { requestDidStart: async () => listener };

  return {
    plugin,
    costOf,
    useSupergraph(next: string) {
      weights = schemaWeights(next);
      compiled = new WeakMap();
    },
  };
}
