import { ErrorCode } from '@clmb/common';
import {
  type DocumentNode,
  type FieldNode,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  print,
  type VariableDefinitionNode,
  valueFromASTUntyped,
} from 'graphql';
import { type LiveField, liveFields } from './live-fields';

/** A subscription, ready to serve: its topic, and the query that resolves an event for its subscriber. */
export interface LiveQuery {
  topic: string;
  /** The subscription's operation turned into a query on the live field's `query` field, the response key kept. */
  query: string;
  operationName: string | undefined;
  /** Where the subscribed field's value is in the query's data (its alias or its name). */
  responseKey: string;
  /** The query's variables for an event: the subscriber's, and the entity's key. */
  variablesFor(entity: Readonly<Record<string, unknown>>): Record<string, unknown>;
}

const invalid = (message: string) => new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT } });
const name = (value: string) => ({ kind: Kind.NAME, value }) as const;
const entityVariable = (argument: string) => `_entity_${argument}`;

/** Variables with the operation's defaults, as the subscription's arguments see them. */
function variablesWithDefaults(operation: OperationDefinitionNode, given: Readonly<Record<string, unknown>>) {
  const variables: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) variables[definition.variable.name.value] = valueFromASTUntyped(definition.defaultValue);
  }
  return { ...variables, ...given };
}

/** The query the subscriber's selection runs as: `sub { f(args) { sel } }` → `query { f: q(args) { sel } }`. */
function asQuery(document: DocumentNode, operation: OperationDefinitionNode, field: FieldNode, live: LiveField): string {
  const fromEntity = Object.keys(live.fromEntity ?? {});
  const entityDefinitions: VariableDefinitionNode[] = fromEntity.map((argument) => ({
    kind: Kind.VARIABLE_DEFINITION,
    variable: { kind: Kind.VARIABLE, name: name(entityVariable(argument)) },
    type: { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.NAMED_TYPE, name: name('ID') } },
  }));
  const queryField: FieldNode = {
    ...field,
    alias: field.alias ?? field.name,
    name: name(live.query),
    arguments: [
      ...(field.arguments ?? []),
      ...fromEntity.map((argument) => ({ kind: Kind.ARGUMENT, name: name(argument), value: { kind: Kind.VARIABLE, name: name(entityVariable(argument)) } }) as const),
    ],
  };
  const query: OperationDefinitionNode = {
    ...operation,
    operation: 'query' as OperationDefinitionNode['operation'],
    variableDefinitions: [...(operation.variableDefinitions ?? []), ...entityDefinitions],
    selectionSet: { kind: Kind.SELECTION_SET, selections: [queryField] },
  };
  // Fragments stay (they are on the entity's types); other operations go.
  const definitions = document.definitions.map((d) => (d === operation ? query : d)).filter((d) => d.kind !== Kind.OPERATION_DEFINITION || d === query);
  return print({ ...document, definitions });
}

/**
 * The live query of a validated subscription operation, or the error a client gets: the
 * subscription must select one field the router serves (live-fields.ts), directly.
 */
export function liveQuery(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  given: Readonly<Record<string, unknown>>,
  viewerId: string,
): LiveQuery | GraphQLError {
  const [field, ...others] = operation.selectionSet.selections;
  if (!field || others.length > 0 || field.kind !== Kind.FIELD) return invalid('A subscription selects one subscription field, directly (no fragment around it).');
  const live = liveFields[field.name.value];
  if (!live) return invalid(`Subscription.${field.name.value} is not served by this router.`);
  const variables = variablesWithDefaults(operation, given);
  const args = Object.fromEntries((field.arguments ?? []).map((argument) => [argument.name.value, valueFromASTUntyped(argument.value, variables)]));
  return {
    topic: live.topic(args, viewerId),
    query: asQuery(document, operation, field, live),
    operationName: operation.name?.value,
    responseKey: (field.alias ?? field.name).value,
    variablesFor: (entity) => ({
      ...given,
      ...Object.fromEntries(Object.entries(live.fromEntity ?? {}).map(([argument, key]) => [entityVariable(argument), entity[key]])),
    }),
  };
}
