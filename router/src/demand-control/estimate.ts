import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
  valueFromASTUntyped,
} from 'graphql';
import type { FieldWeights, InputWeights, Weights } from './weights';

type Variables = Readonly<Record<string, unknown>>;
/** A cost known from the document alone, or one that depends on the request's variables. */
type Cost = number | ((variables: Variables) => number);

/** The size of a list the supergraph does not size (every list of clmb's is sized: a test holds this). */
export const DEFAULT_LIST_SIZE = 100;
/** What running a mutation costs on top of its fields, as the Apollo Router counts it. */
export const MUTATION_COST = 10;

const sum = (parts: Cost[]): Cost => {
  let constant = 0;
  const varying: ((variables: Variables) => number)[] = [];
  for (const part of parts) {
    if (typeof part === 'number') constant += part;
    else varying.push(part);
  }
  if (varying.length === 0) return constant;
  if (varying.length === 1) {
    const [only] = varying as [(variables: Variables) => number];
    return constant === 0 ? only : (variables) => constant + only(variables);
  }
  return (variables) => varying.reduce((total, part) => total + part(variables), constant);
};

const times = (size: Cost, each: Cost): Cost => {
  if (typeof size === 'number' && typeof each === 'number') return size * each;
  if (size === 0 || each === 0) return 0;
  return (variables) => (typeof size === 'number' ? size : size(variables)) * (typeof each === 'number' ? each : each(variables));
};

const hasVariables = (value: ValueNode): boolean =>
  value.kind === Kind.VARIABLE ||
  (value.kind === Kind.LIST && value.values.some(hasVariables)) ||
  (value.kind === Kind.OBJECT && value.fields.some((f) => hasVariables(f.value)));

/** A page size as a client may send it: a whole number from 0 up; anything else is not a size (graphql-js refuses it later). */
const asSize = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? Math.max(0, Math.ceil(value)) : undefined);

/**
 * Compiles the cost of one operation of a document into a number, or a function of the variables
 * where the operation passes variables to slicing arguments or to arguments with a `@cost`. The
 * rules are the Apollo Router's static estimate: a field costs its type (objects 1, scalars and
 * enums 0) or its `@cost`, plus its selections, times its list size, plus its arguments' `@cost`.
 * Fragments are counted where they are spread; `@skip`/`@include` are not read (the estimate is an
 * upper bound).
 */
export function compileCost(weights: Weights, document: DocumentNode, operation: OperationDefinitionNode): (variables: Variables) => number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  // A variable left out takes its default in the operation: the effective variables are read through these.
  const defaults = Object.fromEntries(
    (operation.variableDefinitions ?? []).filter((v) => v.defaultValue).map((v) => [v.variable.name.value, valueFromASTUntyped(v.defaultValue!)]),
  );
  const withDefaults = Object.keys(defaults).length === 0 ? (variables: Variables) => variables : (variables: Variables) => ({ ...defaults, ...variables });

  const inputCost = (type: string, value: unknown): number => {
    if (value === null || value === undefined) return 0;
    if (Array.isArray(value)) return value.reduce((total: number, item) => total + inputCost(type, item), 0);
    const fields = weights.inputs.get(type);
    if (!fields || typeof value !== 'object') return 0;
    let total = 0;
    for (const [name, item] of Object.entries(value)) {
      const field = fields.get(name);
      if (field && item !== null && item !== undefined) total += field.cost + (weights.costlyInputs.has(field.type) ? inputCost(field.type, item) : 0);
    }
    return total;
  };
  const argumentCost = (argument: InputWeights, value: ValueNode): Cost => {
    if (argument.cost === 0 && !weights.costlyInputs.has(argument.type)) return 0;
    const cost = (given: unknown) => (given === null || given === undefined ? 0 : argument.cost + inputCost(argument.type, given));
    if (!hasVariables(value)) return cost(valueFromASTUntyped(value));
    return (variables) => cost(valueFromASTUntyped(value, withDefaults(variables)));
  };
  /** The field's list size from its slicing arguments (the largest given), else their defaults, else `assumedSize`. */
  const listSize = (field: FieldNode, definition: FieldWeights): Cost => {
    const { listSize: sizing } = definition;
    const fallback = sizing?.assumedSize ?? DEFAULT_LIST_SIZE;
    if (!sizing || sizing.slicingArguments.length === 0) return fallback;
    const sizes = sizing.slicingArguments.map((name): Cost => {
      const byDefault = asSize(definition.args.get(name)?.defaultValue) ?? fallback;
      const value = field.arguments?.find((a) => a.name.value === name)?.value;
      if (!value) return byDefault;
      if (value.kind !== Kind.VARIABLE) return asSize(valueFromASTUntyped(value)) ?? byDefault;
      const variable = value.name.value;
      return (variables) => asSize(withDefaults(variables)[variable]) ?? byDefault;
    });
    if (sizes.every((size) => typeof size === 'number')) return Math.max(...(sizes as number[]));
    return (variables) => Math.max(...sizes.map((size) => (typeof size === 'number' ? size : size(variables))));
  };

  const fieldCost = (field: FieldNode, parentType: string, sized: ReadonlyMap<string, Cost>): Cost => {
    if (field.name.value === '__typename') return 0;
    const definition = weights.fields.get(parentType)?.get(field.name.value);
    // Not in the supergraph: introspection (`__schema`, `__type`), an object when it has selections.
    if (!definition) return field.selectionSet ? sum([1, selections(field.selectionSet, '', new Map())]) : 0;
    const own = definition.cost ?? weights.typeCost.get(definition.type) ?? 0;
    const sizing = definition.listSize;
    // A connection's slicing argument sizes its `edges`, not the connection itself.
    const sizesChildren = sizing !== undefined && sizing.sizedFields.length > 0;
    const size = sized.get(field.name.value) ?? (sizesChildren || !definition.list ? 1 : listSize(field, definition));
    const childSizes = sizesChildren ? new Map(sizing.sizedFields.map((name) => [name, listSize(field, definition)])) : new Map<string, Cost>();
    const children = field.selectionSet ? selections(field.selectionSet, definition.type, childSizes) : 0;
    const args = (field.arguments ?? []).map((a) => {
      const argument = definition.args.get(a.name.value);
      return argument ? argumentCost(argument, a.value) : 0;
    });
    return sum([times(size, sum([own, children])), ...args]);
  };

  const selections = (set: SelectionSetNode, parentType: string, sized: ReadonlyMap<string, Cost>): Cost =>
    sum(
      set.selections.map((selection) => {
        if (selection.kind === Kind.FIELD) return fieldCost(selection, parentType, sized);
        if (selection.kind === Kind.INLINE_FRAGMENT) return selections(selection.selectionSet, selection.typeCondition?.name.value ?? parentType, sized);
        const fragment = fragments.get(selection.name.value);
        return fragment ? selections(fragment.selectionSet, fragment.typeCondition.name.value, sized) : 0;
      }),
    );

  const rootType = weights.rootTypes[operation.operation];
  const cost = sum([operation.operation === 'mutation' ? MUTATION_COST : 0, selections(operation.selectionSet, rootType, new Map())]);
  return typeof cost === 'number' ? () => cost : cost;
}
