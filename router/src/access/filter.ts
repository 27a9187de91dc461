import { createHash } from 'node:crypto';
import {
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLOutputType,
  getNamedType,
  getOperationAST,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  print,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import { type AccessRules, allows, type Claims } from './requirements';

/** A field taken out of an operation because the request may not see it. */
export interface Removal {
  /** Its response path: response keys (aliases), `@` for each list level on the way. */
  path: readonly string[];
  /** Where the answer gets its null: the field itself, or above a non-null field the nearest nullable one (`[]`: `data`). */
  nullAt: readonly string[];
  /** `Type.field`, named in the error. */
  coordinate: string;
  /** The `@include`/`@skip` on the way down: the field counts as asked for only when they all let it through. */
  conditions: readonly DirectiveNode[];
}

export interface Filtered {
  /** The operation alone, fragments inlined, without the removed fields. */
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** The plan cache key of this filtered document: never the original's. */
  queryHash: string;
  removals: readonly Removal[];
  /** Paths of objects whose every selected field was removed: `__typename` stands in, and leaves the answer again. */
  placeholders: readonly (readonly string[])[];
  /** No root field left: the operation is refused before planning. */
  refused: boolean;
}

interface Frame {
  type: GraphQLNamedType;
  path: readonly string[];
  /** Where a non-null child's null goes. */
  nullAt: readonly string[];
  conditions: readonly DirectiveNode[];
  /** Under a type condition narrower than the field's type: other objects here lack these fields, so no null propagates. */
  narrowed: boolean;
}

const TYPENAME: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } };

const conditionsOf = (directives: readonly DirectiveNode[] | undefined) =>
  directives?.filter((d) => d.name.value === 'include' || d.name.value === 'skip') ?? [];

const listDepth = (type: GraphQLOutputType): number => {
  let depth = 0;
  let current: GraphQLOutputType = type;
  while (isNonNullType(current) || isListType(current)) {
    if (isListType(current)) depth++;
    current = current.ofType as GraphQLOutputType;
  }
  return depth;
};

/**
 * Walks one operation as the claims see it: every field (through fragments, inline fragments and
 * abstract types) the claims may not select is removed and remembered with its response path.
 * Undefined when nothing is removed: the document runs as it is.
 */
export function filterOperation(rules: AccessRules, document: DocumentNode, operationName: string | null | undefined, claims: Claims): Filtered | undefined {
  const operation = getOperationAST(document, operationName);
  const root = operation && rules.schema.getRootType(operation.operation);
  if (!operation || !root) return undefined;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const removals: Removal[] = [];
  const placeholders: string[][] = [];

  /** Every field under a selection set that cannot be selected at all (a type condition the claims may not see). */
  const removeAll = (set: SelectionSetNode, frame: Frame): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        const field = fieldOf(frame.type, selection.name.value);
        const path = [...frame.path, selection.alias?.value ?? selection.name.value];
        const nullAt = field && isNonNullType(field.type) && !frame.narrowed ? frame.nullAt : path;
        removals.push({ path, nullAt, coordinate: `${frame.type.name}.${selection.name.value}`, conditions: [...frame.conditions, ...conditionsOf(selection.directives)] });
      } else {
        const inner = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : fragments.get(selection.name.value)?.selectionSet;
        if (inner) removeAll(inner, { ...frame, conditions: [...frame.conditions, ...conditionsOf(selection.directives)] });
      }
    }
  };

  const walk = (set: SelectionSetNode, frame: Frame): SelectionNode[] => {
    const kept: SelectionNode[] = [];
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        const field = name.startsWith('__') ? undefined : fieldOf(frame.type, name);
        if (!field) {
          kept.push(selection);
          continue;
        }
        const path = [...frame.path, selection.alias?.value ?? name];
        const conditions = [...frame.conditions, ...conditionsOf(selection.directives)];
        if (!allows(rules.ofField(frame.type, name), claims)) {
          removals.push({ path, nullAt: isNonNullType(field.type) && !frame.narrowed ? frame.nullAt : path, coordinate: `${frame.type.name}.${name}`, conditions });
          continue;
        }
        if (!selection.selectionSet) {
          kept.push(selection);
          continue;
        }
        const childPath = [...path, ...Array<string>(listDepth(field.type)).fill('@')];
        const nullAt = isNonNullType(field.type) ? frame.nullAt : path;
        let selections = walk(selection.selectionSet, { type: getNamedType(field.type), path: childPath, nullAt, conditions, narrowed: false });
        if (selections.length === 0) {
          placeholders.push(childPath);
          selections = [TYPENAME];
        }
        kept.push({ ...selection, selectionSet: { kind: Kind.SELECTION_SET, selections } });
        continue;
      }
      const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection;
      if (!fragment) continue;
      const type = fragment.typeCondition ? rules.schema.getType(fragment.typeCondition.name.value) : frame.type;
      if (!type) continue;
      const inner: Frame = { ...frame, type, conditions: [...frame.conditions, ...conditionsOf(selection.directives)], narrowed: frame.narrowed || type !== frame.type };
      if (!allows(rules.ofType(type), claims)) {
        removeAll(fragment.selectionSet, inner);
        continue;
      }
      const selections = walk(fragment.selectionSet, inner);
      if (selections.length === 0) continue;
      kept.push({
        kind: Kind.INLINE_FRAGMENT,
        ...(fragment.typeCondition && { typeCondition: fragment.typeCondition }),
        ...(selection.directives && { directives: selection.directives }),
        selectionSet: { kind: Kind.SELECTION_SET, selections },
      });
    }
    return kept;
  };

  const selections = walk(operation.selectionSet, { type: root, path: [], nullAt: [], conditions: [], narrowed: false });
  if (removals.length === 0) return undefined;
  const filteredOperation: OperationDefinitionNode = { ...operation, selectionSet: { kind: Kind.SELECTION_SET, selections } };
  const filtered: DocumentNode = { kind: Kind.DOCUMENT, definitions: [filteredOperation] };
  const refused = selections.length === 0;
  return {
    document: filtered,
    operation: filteredOperation,
    queryHash: refused ? '' : createHash('sha256').update(print(filtered)).digest('hex'),
    removals,
    placeholders,
    refused,
  };
}

function fieldOf(type: GraphQLNamedType, name: string) {
  return isObjectType(type) || isInterfaceType(type) ? type.getFields()[name] : undefined;
}
