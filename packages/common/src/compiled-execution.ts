import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import {
  type DocumentNode,
  execute,
  GraphQLError,
  type GraphQLSchema,
  getNamedType,
  isScalarType,
  isSpecifiedScalarType,
  Kind,
  type ListValueNode,
  type ObjectValueNode,
  TypeInfo,
  type ValueNode,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';
import { releaseContextWithAnswer } from './graphql-http';

type Gateway = NonNullable<ApolloServerOptionsWithGateway<BaseContext>['gateway']>;
type Executor = NonNullable<Awaited<ReturnType<Gateway['load']>>['executor']>;
type Request = Parameters<Executor>[0];

/**
 * A subgraph's own schema as Apollo Server's `gateway`, whose executor runs each operation as a
 * function graphql-jit compiled from it, rather than graphql-js walking the document field by
 * field for every request (a tenth of the users subgraph's CPU under the logbook query, and
 * its garbage). Only execution changes: Apollo still parses, validates (introspection off in
 * production included), calls every plugin hook but `willResolveField` (none of ours has one),
 * and formats and masks the errors.
 *
 * One compilation per document and operation name: Apollo hands the executor the document from
 * its LRU document store, so a WeakMap keyed by it lives, and is bounded, as long as that.
 * graphql-js still executes an operation graphql-jit cannot compile (one it would answer
 * differently: a variable inside a custom scalar's literal), and one whose variables do not
 * coerce: its answer (the BAD_USER_INPUT of a bad variable, worded as before) is the one clients
 * know. A difference left: `info.path` has no `typename` (nothing of ours reads it).
 */
export function compiledExecution(schema: GraphQLSchema): Gateway {
  const compiled = new WeakMap<DocumentNode, Map<string | undefined, CompiledQuery | null>>();
  const compiledFor = (document: DocumentNode, operationName: string | undefined): CompiledQuery | null => {
    let byName = compiled.get(document);
    if (!byName) {
      byName = new Map();
      compiled.set(document, byName);
    }
    const known = byName.get(operationName);
    if (known !== undefined) return known;
    const result = variablesInScalarLiterals(schema, document) ? undefined : compileQuery(schema, document, operationName);
    const query = result && isCompiledQuery(result) ? result : null;
    byName.set(operationName, query);
    return query;
  };

  const executor: Executor = async ({ document, request, context: apolloContext }: Request) => {
    // The resolvers' own copy: Apollo's is emptied once the request is answered (releaseRequestContexts), work left running keeps this one.
    const context = { ...apolloContext };
    releaseContextWithAnswer(apolloContext);
    const operationName = request.operationName ?? undefined;
    const interpreted = () => execute({ schema, document, contextValue: context, variableValues: request.variables, operationName });
    const query = compiledFor(document, operationName);
    if (!query) return interpreted();
    const result = await query.query(undefined, context, request.variables);
    // Only variables that did not coerce give no data; graphql-js answers them, running no resolver.
    if (!('data' in result)) return interpreted();
    return result.errors ? { ...result, errors: result.errors.map(asGraphQLJsError) } : result;
  };

  return {
    onSchemaLoadOrUpdate: (callback) => {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    load: async () => ({ executor }),
    stop: async () => {},
  };
}

/**
 * Whether a custom scalar's literal holds a variable (`_entities(representations: [{ __typename:
 * "User", id: $id }])`): graphql-jit parses such a literal once, at compile time, without the
 * variables, where graphql-js gives them to `parseLiteral` (the id would be lost: the entity null).
 */
function variablesInScalarLiterals(schema: GraphQLSchema, document: DocumentNode): boolean {
  const typeInfo = new TypeInfo(schema);
  let found = false;
  const literal = (node: ObjectValueNode | ListValueNode) => {
    const type = getNamedType(typeInfo.getInputType());
    if (!type || !isScalarType(type) || isSpecifiedScalarType(type)) return undefined;
    found ||= hasVariable(node);
    return false;
  };
  visit(document, visitWithTypeInfo(typeInfo, { ObjectValue: literal, ListValue: literal }));
  return found;
}

function hasVariable(node: ValueNode): boolean {
  if (node.kind === Kind.VARIABLE) return true;
  if (node.kind === Kind.LIST) return node.values.some(hasVariable);
  if (node.kind === Kind.OBJECT) return node.fields.some((field) => hasVariable(field.value));
  return false;
}

/**
 * graphql-jit's errors are its own kind (no `extensions` when the cause has none, locations
 * without AST nodes): as graphql-js makes them, so Apollo formats them and `unwrapResolverError`
 * finds the resolver's error as before.
 */
function asGraphQLJsError(error: GraphQLError): GraphQLError {
  const { originalError } = error;
  // graphql-js passes on a GraphQLError that already has a path (one a resolver threw from another execution).
  if (originalError instanceof GraphQLError && originalError.path) return originalError;
  const located = new GraphQLError(error.message, {
    ...(error.path && { path: error.path }),
    ...(originalError && { originalError }),
    ...(error.extensions && { extensions: error.extensions }),
  });
  // No public way to give locations without the AST nodes graphql-jit dropped.
  (located as { locations: GraphQLError['locations'] }).locations = error.locations;
  return located;
}
