import { type ApolloServerPlugin, type GraphQLRequestListener, HeaderMap } from '@apollo/server';
import { ErrorCode, type Logger } from '@clmb/common';
import { type OperationDefinitionNode, valueFromASTUntyped } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { RouterContext } from '../context';
import { claimsOf } from './claims';
import { type Filtered, filterOperation } from './filter';
import { unknownPolicies } from './policies';
import { type AccessRules, accessRules } from './requirements';
import { asked, restoreRemoved, unauthorizedError } from './response';

/** Filtered documents kept, per document, operation and claims shape (anonymous, a climber, a setter …). */
const FILTERED_DOCUMENTS = 2_000;

/** The request's variables with the operation's defaults, as `@include`/`@skip` see them. */
function variablesOf(operation: OperationDefinitionNode | undefined, given: Record<string, unknown> | undefined) {
  const variables: Record<string, unknown> = {};
  for (const definition of operation?.variableDefinitions ?? []) {
    if (definition.defaultValue) variables[definition.variable.name.value] = valueFromASTUntyped(definition.defaultValue);
  }
  return { ...variables, ...given };
}

/**
 * Federation's access directives (`@authenticated`, `@requiresScopes`, `@policy`), enforced as the
 * Apollo Router enforces them, before planning: the fields a request may not see are removed from
 * its operation, the rest is planned and run, and the answer has null and an
 * UNAUTHORIZED_FIELD_OR_TYPE error for each removed field. An operation left without any field is
 * refused without a plan or a subgraph call: 401 UNAUTHENTICATED without a token, else 403
 * FORBIDDEN. Scopes come from the token's role (claims.ts), policies are named functions
 * (policies.ts). A filtered document is planned under its own hash, so a plan made for one
 * claims shape never serves another.
 *
 * Throws when the supergraph names a policy the router does not know: the router does not start.
 */
export function createAccessControl(supergraphSdl: string, logger: Logger) {
  let rules: AccessRules = accessRules(supergraphSdl);
  const unknown = unknownPolicies(rules.policyNames);
  if (unknown.length > 0) throw new Error(`The supergraph names @policy policies the router does not know: ${unknown.join(', ')} (see router/src/access/policies.ts).`);
  const filteredDocuments = new LRUCache<string, Filtered | false>({ max: FILTERED_DOCUMENTS });

  const plugin: ApolloServerPlugin<RouterContext> = {
    async requestDidStart() {
      let filtered: Filtered | undefined;
      let authenticated = false;
      const listener: GraphQLRequestListener<RouterContext> = {
        async didResolveOperation({ document, queryHash, request, contextValue: { viewerId, viewerRole, viewerStaff } }) {
          if (!rules.any) return;
          const { claims, key } = claimsOf(viewerId && viewerRole ? { id: viewerId, role: viewerRole, staff: viewerStaff === true } : null, rules.policyNames);
          const cacheKey = `${queryHash}\u0000${request.operationName ?? ''}\u0000${key}`;
          let found = filteredDocuments.get(cacheKey);
          if (found === undefined) {
            found = filterOperation(rules, document, request.operationName, claims) ?? false;
            filteredDocuments.set(cacheKey, found);
          }
          filtered = found || undefined;
          authenticated = claims.authenticated;
        },
        async responseForOperation({ operation, request }) {
          if (!filtered?.refused) return null;
          const variables = variablesOf(operation, request.variables);
          const removed = filtered.removals.filter((removal) => asked(removal.conditions, variables));
          const code = authenticated ? ErrorCode.FORBIDDEN : ErrorCode.UNAUTHENTICATED;
          // Every field skipped (`@skip`/`@include`): nothing was asked, and nothing refused.
          if (removed.length === 0) return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data: {} } } };
          return {
            http: { status: authenticated ? 403 : 401, headers: new HeaderMap() },
            body: { kind: 'single', singleResult: { errors: removed.map((removal) => unauthorizedError(removal, code)) } },
          };
        },
        async executionDidStart(requestContext) {
          // The gateway plans and runs what it finds here (Apollo hands it the request context after this hook).
          if (filtered) Object.assign(requestContext, { document: filtered.document, operation: filtered.operation, queryHash: filtered.queryHash });
        },
        async willSendResponse({ response, operation, request }) {
          if (!filtered || filtered.refused || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const { data, errors } = restoreRemoved(result.data, filtered, variablesOf(operation, request.variables));
          result.data = data;
          if (errors.length > 0) result.errors = [...(result.errors ?? []), ...errors];
        },
      };
      return listener;
    },
  };

  return {
    plugin,
    /**
     * A new supergraph (a development reload): its rules replace the old ones. A policy the router
     * does not know is logged, and denies (the first supergraph's is refused at start).
     */
    supergraphChanged(sdl: string) {
      rules = accessRules(sdl);
      filteredDocuments.clear();
      const unknownNow = unknownPolicies(rules.policyNames);
      if (unknownNow.length > 0) logger.error({ policies: unknownNow }, 'the new supergraph names unknown @policy policies; they deny');
    },
  };
}
