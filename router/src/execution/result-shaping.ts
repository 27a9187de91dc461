import {
  assert,
  type CompositeType,
  type DirectiveDefinition,
  type EnumType,
  ERRORS,
  type FieldSelection,
  isCompositeType,
  isCustomScalarType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isSubtype,
  type NamedType,
  type Operation,
  type ScalarType,
  type Schema,
  type Selection,
  type SelectionSet,
  type Type,
  typenameFieldName,
  Variable,
} from '@apollo/federation-internals';
import type { GraphQLError } from 'graphql';

/**
 * The gateway's last step, `computeResponse` (@apollo/gateway's resultShaping.ts), compiled once
 * per operation. After the fetches, the gateway walks the merged subgraph answers along the
 * operation: it keeps what was asked for (not the keys and `__typename`s the plan fetched for
 * itself), in the order asked, and bubbles nulls up to the nearest nullable field. Apollo's walk
 * asks the operation everything again for every object of the answer: which @skip and @include
 * directives a field carries, its response name, whether its type is non-null, a list, composite.
 * Here those answers are read once, into a tree the walk only follows; the walk itself (errors,
 * their messages and paths, the null bubbling) is Apollo's, step for step, and result-shaping.test.ts
 * holds the two to the same output.
 */

/** `@skip(if:)` or `@include(if:)`: a literal, or a variable (with the directive, for the message if its value is not a boolean). */
type Condition = boolean | { variable: string; directive: string };

interface FieldStep {
  kind: 'field';
  skip: Condition | undefined;
  include: Condition | undefined;
  responseName: string;
  /** `__schema` or `__type`: answered by the gateway's introspection, given the selection. */
  introspection: FieldSelection | undefined;
  /** The field is `__typename` (under any alias). */
  typename: boolean;
  shape: Shape;
  /** The field's sub-selections; undefined for a leaf. */
  selections: Step[] | undefined;
}

interface FragmentStep {
  kind: 'fragment';
  skip: Condition | undefined;
  include: Condition | undefined;
  typeCondition: CompositeType | undefined;
  selections: Step[];
}

type Step = FieldStep | FragmentStep;

/** A field's output type, unwrapped once. `type` is kept for the error messages, which print it. */
type Shape =
  | { kind: 'nonNull'; type: Type; of: Shape }
  | { kind: 'list'; type: Type; of: Shape }
  | { kind: 'composite'; type: CompositeType }
  | { kind: 'leaf'; type: ScalarType | EnumType; valid: (value: unknown) => boolean };

interface CompiledOperation {
  schema: Schema;
  rootType: CompositeType;
  selections: Step[];
  /** The operation's variables with a default value, and whether any @skip/@include reads a variable. */
  defaults: Record<string, unknown>;
  readsVariables: boolean;
}

interface Walk {
  schema: Schema;
  variables: Record<string, unknown>;
  errors: GraphQLError[];
  introspectionHandling: (selection: FieldSelection) => unknown;
  /** What the last `update` call reported besides its value (Apollo returns them in an object per value). */
  invalid: boolean;
  hasErrors: boolean;
}

const compiled = new WeakMap<Operation, CompiledOperation>();

function conditionOf(selection: Selection, definition: DirectiveDefinition): Condition | undefined {
  const directive = selection.element.appliedDirectivesOf(definition)[0];
  if (!directive) return undefined;
  const value: unknown = directive.arguments().if;
  return value instanceof Variable ? { variable: value.name, directive: String(directive) } : (value as boolean);
}

function shapeOf(schema: Schema, type: Type): Shape {
  if (isNonNullType(type)) return { kind: 'nonNull', type, of: shapeOf(schema, type.ofType) };
  if (isListType(type)) return { kind: 'list', type, of: shapeOf(schema, type.ofType) };
  if (isCompositeType(type)) return { kind: 'composite', type };
  // What an output type is when it is neither a wrapper nor composite.
  const leaf = type as ScalarType | EnumType;
  return { kind: 'leaf', type: leaf, valid: leafValidator(schema, leaf) };
}

/** federation-internals' test of an integral number's string (values.js). */
const INTEGER = /^-?(?:0|[1-9][0-9]*)$/;

/**
 * federation-internals' `isValidLeafValue` for one type, its questions about the type answered
 * once: any value for a custom scalar; for an enum, one of its values; for the built-in scalars,
 * a value of their JSON kind (Int and ID take integral numbers; String and ID any string).
 */
function leafValidator(schema: Schema, type: ScalarType | EnumType): (value: unknown) => boolean {
  if (isCustomScalarType(type)) return () => true;
  const isBoolean = type === schema.booleanType();
  const integral = type === schema.intType() || type === schema.idType();
  const isFloat = type === schema.floatType();
  const enumValues = isEnumType(type) ? new Set(type.values.map((value) => value.name)) : undefined;
  const takesString = !isBoolean && type !== schema.intType() && !isFloat;
  return (value) => {
    if (typeof value === 'boolean') return isBoolean;
    if (typeof value === 'number' && Number.isFinite(value)) return integral ? INTEGER.test(String(value)) : isFloat;
    if (typeof value === 'string') return enumValues ? enumValues.has(value) : takesString;
    return false;
  };
}

interface CompileState {
  schema: Schema;
  readsVariables: boolean;
}

function compileSelections(selectionSet: SelectionSet, state: CompileState): Step[] {
  return selectionSet.selections().map((selection): Step => {
    const skip = conditionOf(selection, state.schema.skipDirective());
    const include = conditionOf(selection, state.schema.includeDirective());
    if (typeof skip === 'object' || typeof include === 'object') state.readsVariables = true;
    if (selection.kind === 'FragmentSelection') {
      return { kind: 'fragment', skip, include, typeCondition: selection.element.typeCondition, selections: compileSelections(selection.selectionSet, state) };
    }
    const field = selection.element;
    return {
      kind: 'field',
      skip,
      include,
      responseName: field.responseName(),
      introspection: field.definition.isSchemaIntrospectionField() ? selection : undefined,
      typename: field.name === typenameFieldName,
      shape: shapeOf(state.schema, field.definition.type!),
      selections: selection.selectionSet && compileSelections(selection.selectionSet, state),
    };
  });
}

function compile(operation: Operation): CompiledOperation {
  const schema = operation.schema();
  const state: CompileState = { schema, readsVariables: false };
  const selections = compileSelections(operation.selectionSet, state);
  const rootType = schema.schemaDefinition.rootType(operation.rootKind);
  assert(rootType, () => `The schema has no ${operation.rootKind} type`);
  return { schema, rootType, selections, defaults: operation.collectDefaultedVariableValues(), readsVariables: state.readsVariables };
}

function conditionValue(condition: Condition, variables: Record<string, unknown>): boolean {
  if (typeof condition === 'boolean') return condition;
  const value = variables[condition.variable];
  assert(value !== undefined && typeof value === 'boolean', () => `Unexpected value ${value} for variable $${condition.variable} of ${condition.directive}`);
  return value;
}

const skipped = (step: Step, walk: Walk): boolean =>
  (step.skip !== undefined && conditionValue(step.skip, walk.variables)) || (step.include !== undefined && !conditionValue(step.include, walk.variables));

function typeConditionApplies(schema: Schema, typeCondition: CompositeType | undefined, typename: string | undefined, parentType: CompositeType): boolean {
  if (!typeCondition) return true;
  if (typename) {
    const type = schema.type(typename);
    return !!type && isSubtype(typeCondition, type);
  }
  return isSubtype(typeCondition, parentType);
}

function pathLastElementDescription(path: (string | number)[], currentType: Type, parentType: NamedType): string {
  const element = path[path.length - 1];
  assert(element !== undefined, 'Should not have been called on an empty path');
  return typeof element === 'string' ? `field ${parentType}.${element}` : `array element of type ${currentType} at index ${element}`;
}

/** Apollo's `applySelectionSet`: true when a null bubbles up past this object. */
function applySelections(
  input: Record<string, unknown>,
  steps: Step[],
  output: Record<string, unknown>,
  walk: Walk,
  path: (string | number)[],
  parentType: CompositeType,
): boolean {
  for (const step of steps) {
    if ((step.skip !== undefined || step.include !== undefined) && skipped(step, walk)) continue;
    if (step.kind === 'fragment') {
      const typename = input[typenameFieldName];
      if (typename && typeof typename !== 'string') assert(false, `Got unexpected value for __typename: ${typename}`);
      if (typeConditionApplies(walk.schema, step.typeCondition, typename as string | undefined, parentType)) {
        if (applySelections(input, step.selections, output, walk, path, step.typeCondition ?? parentType)) return true;
      }
      continue;
    }
    const responseName = step.responseName;
    const outputValue = output[responseName];
    if (step.introspection) {
      if (outputValue === undefined) output[responseName] = walk.introspectionHandling(step.introspection);
      continue;
    }
    let inputValue = (Object.hasOwn(input, responseName) ? input[responseName] : undefined) ?? null;
    if (step.typename) {
      if (outputValue === undefined) {
        if (inputValue === null && responseName !== typenameFieldName) inputValue = input[typenameFieldName] ?? null;
        const type = inputValue !== null && typeof inputValue === 'string' ? (walk.schema.type(inputValue) ?? parentType) : parentType;
        if (!isObjectType(type)) return true;
        output[responseName] = type.name;
      }
      continue;
    }
    path.push(responseName);
    output[responseName] = update(outputValue, step.shape, inputValue, step.selections, path, walk, parentType);
    path.pop();
    if (walk.invalid) return true;
  }
  return false;
}

/** Apollo's `updateOutputValue`; what it reports besides the value goes into `walk.invalid` and `walk.hasErrors`. */
function update(
  outputValue: unknown,
  shape: Shape,
  inputValue: unknown,
  selections: Step[] | undefined,
  path: (string | number)[],
  walk: Walk,
  parentType: CompositeType,
): unknown {
  // Apollo's assertions, each as it words it; on the hot path without a message closure per value.
  if (inputValue === undefined) assert(false, 'Should not pass undefined for `inputValue` to this method');
  walk.invalid = false;
  walk.hasErrors = false;
  if (outputValue === null || (outputValue !== undefined && !selections)) return outputValue;
  switch (shape.kind) {
    case 'nonNull': {
      const updated = update(outputValue, shape.of, inputValue, selections, path, walk, parentType);
      if (updated === null) {
        if (!walk.hasErrors) {
          walk.errors.push(ERRORS.INVALID_GRAPHQL.err(`Cannot return null for non-nullable ${pathLastElementDescription(path, shape.of.type, parentType)}.`, { path: Array.from(path) }));
        }
        walk.invalid = true;
        walk.hasErrors = true;
        return updated;
      }
      walk.invalid = false;
      walk.hasErrors = false;
      return updated;
    }
    case 'list': {
      if (inputValue === null) return null;
      if (!Array.isArray(inputValue)) assert(false, `Invalid non-list value ${inputValue} returned by subgraph for list type ${shape.type}`);
      if (outputValue !== undefined && !Array.isArray(outputValue)) assert(false, `Invalid non-list value ${outputValue} returned by subgraph for list type ${shape.type}`);
      const outputs = outputValue as unknown[] | undefined;
      if (outputs !== undefined && inputValue.length !== outputs.length) assert(false, `[${inputValue}].length (${inputValue.length}) !== [${outputs}].length (${outputs.length})`);
      let nullify = false;
      let hasErrors = false;
      const updated = new Array<unknown>(inputValue.length);
      for (let index = 0; index < inputValue.length; index++) {
        path.push(index);
        updated[index] = update(outputs?.[index], shape.of, inputValue[index], selections, path, walk, parentType);
        path.pop();
        nullify ||= walk.invalid;
        hasErrors ||= walk.hasErrors;
      }
      walk.invalid = false;
      walk.hasErrors = hasErrors;
      return nullify ? null : updated;
    }
    case 'composite': {
      if (inputValue === null) return null;
      const type = shape.type;
      if (!selections) assert(false, `Invalid empty selection set for composite type ${type}`);
      if (typeof inputValue !== 'object') assert(false, `Invalid non-object value ${inputValue} returned by subgraph for composite type ${type}`);
      if (outputValue !== undefined && typeof outputValue !== 'object') assert(false, `Invalid non-object value ${inputValue} returned by subgraph for composite type ${type}`);
      const input = inputValue as Record<string, unknown>;
      const inputTypename = input[typenameFieldName];
      if (inputTypename !== undefined && typeof inputTypename !== 'string') assert(false, `Invalid non-string value ${inputTypename} for __typename at ${path}`);
      let objectType: CompositeType = type;
      if (inputTypename) {
        const typenameType = walk.schema.type(inputTypename);
        if (!typenameType || !isCompositeType(typenameType)) {
          walk.errors.push(ERRORS.INVALID_GRAPHQL.err(`Invalid __typename found for object at ${pathLastElementDescription(path, type, parentType)}.`, { path: Array.from(path) }));
          walk.invalid = false;
          walk.hasErrors = true;
          return null;
        }
        objectType = typenameType;
      }
      const output = (outputValue ?? Object.create(null)) as Record<string, unknown>;
      const bubbled = applySelections(input, selections, output, walk, path, objectType);
      walk.invalid = false;
      walk.hasErrors = bubbled;
      return bubbled ? null : output;
    }
    case 'leaf': {
      if (inputValue === null) return null;
      if (outputValue !== undefined) assert(false, `Excepted output to be undefined but got ${shape.type} for type ${shape.type}`);
      const valid = shape.valid(inputValue);
      if (!valid) walk.errors.push(ERRORS.INVALID_GRAPHQL.err(`Invalid value found for ${pathLastElementDescription(path, shape.type, parentType)}.`, { path: Array.from(path) }));
      walk.invalid = false;
      walk.hasErrors = !valid;
      return valid ? inputValue : null;
    }
  }
}

/** A drop-in for @apollo/gateway's `computeResponse`: the same arguments, the same answer. */
export function computeResponse({
  operation,
  variables,
  input,
  introspectionHandling,
}: {
  operation: Operation;
  variables?: Record<string, unknown>;
  input: Record<string, unknown> | null | undefined;
  introspectionHandling: (introspectionSelection: FieldSelection) => unknown;
}): { data: Record<string, unknown> | null | undefined; errors: GraphQLError[] } {
  if (!input) return { data: input, errors: [] };
  let shape = compiled.get(operation);
  if (!shape) {
    shape = compile(operation);
    compiled.set(operation, shape);
  }
  const walk: Walk = {
    schema: shape.schema,
    variables: shape.readsVariables ? { __proto__: null, ...shape.defaults, ...variables } : {},
    errors: [],
    introspectionHandling,
    invalid: false,
    hasErrors: false,
  };
  const data = Object.create(null) as Record<string, unknown>;
  const bubbled = applySelections(input, shape.selections, data, walk, [], shape.rootType);
  return { data: bubbled ? null : data, errors: walk.errors };
}
