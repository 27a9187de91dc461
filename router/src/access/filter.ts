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
  isAbstractType,
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
  /** Under a narrower type condition: only objects whose `__typename` (asked for under `typenameKey`) is one of these had the field. */
  on?: readonly string[];
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
  /** The alias under which `__typename` is asked for where a removal has a type condition; it leaves the answer again. */
  typenameKey: string;
  /** No root field left: the operation is refused before planning. */
  refused: boolean;
}

interface Frame {
  type: GraphQLNamedType;
  path: readonly string[];
  /** Where a non-null child's null goes. */
  nullAt: readonly string[];
  conditions: readonly DirectiveNode[];
  /** Under a type condition narrower than the field's type, the object types it admits: others lack these fields, so no null propagates. */
  on?: readonly string[];
  /** Shared by one object's selection set and its fragments: whether a removal needs the object's `__typename`. */
  level: { typename: boolean };
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
  const typenameKey = freeKey(print(document));
  const remove = (removal: Removal, frame: Frame) => {
    removals.push(frame.on ? { ...removal, on: frame.on } : removal);
    if (frame.on) frame.level.typename = true;
  };
  const objectTypes = (type: GraphQLNamedType) => (isAbstractType(type) ? rules.schema.getPossibleTypes(type).map((t) => t.name) : [type.name]);
  /** The frame inside a fragment: a type condition narrower than the frame's admits fewer object types. */
  const enter = (frame: Frame, typeName: string | undefined, directives: readonly DirectiveNode[] | undefined): Frame | undefined => {
    const type = typeName ? rules.schema.getType(typeName) : frame.type;
    if (!type) return undefined;
    const outer = frame.on ?? objectTypes(frame.type);
    const on = objectTypes(type).filter((name) => outer.includes(name));
    return { ...frame, type, conditions: [...frame.conditions, ...conditionsOf(directives)], ...(on.length < outer.length && { on }) };
  };

  /** Every field under a selection set that cannot be selected at all (a type condition the claims may not see). */
  const removeAll = (set: SelectionSetNode, frame: Frame): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        const field = fieldOf(frame.type, selection.name.value);
        const path = [...frame.path, selection.alias?.value ?? selection.name.value];
        const nullAt = field && isNonNullType(field.type) && !frame.on ? frame.nullAt : path;
        remove({ path, nullAt, coordinate: `${frame.type.name}.${selection.name.value}`, conditions: [...frame.conditions, ...conditionsOf(selection.directives)] }, frame);
      } else {
        const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
        const inner = fragment && enter(frame, fragment.typeCondition?.name.value, selection.directives);
        if (fragment && inner) removeAll(fragment.selectionSet, inner);
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
          remove({ path, nullAt: isNonNullType(field.type) && !frame.on ? frame.nullAt : path, coordinate: `${frame.type.name}.${name}`, conditions }, frame);
          continue;
        }
        if (!selection.selectionSet) {
          kept.push(selection);
          continue;
        }
        const childPath = [...path, ...Array<string>(listDepth(field.type)).fill('@')];
        const nullAt = isNonNullType(field.type) ? frame.nullAt : path;
        const level = { typename: false };
        let selections = walk(selection.selectionSet, { type: getNamedType(field.type), path: childPath, nullAt, conditions, level });
        if (selections.length === 0) {
          placeholders.push(childPath);
          selections = [TYPENAME];
        }
        if (level.typename) selections = [{ ...TYPENAME, alias: { kind: Kind.NAME, value: typenameKey } }, ...selections];
        kept.push({ ...selection, selectionSet: { kind: Kind.SELECTION_SET, selections } });
        continue;
      }
      const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection;
      if (!fragment) continue;
      const inner = enter(frame, fragment.typeCondition?.name.value, selection.directives);
      if (!inner) continue;
      if (!allows(rules.ofType(inner.type), claims)) {
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

  const selections = walk(operation.selectionSet, { type: root, path: [], nullAt: [], conditions: [], level: { typename: false } });
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
    typenameKey,
    refused,
  };
}

/** A response key no field of the document can have: `_typename`, with underscores after it until the document has no such name. */
const freeKey = (text: string, key = '_typename'): string => (text.includes(key) ? freeKey(text, `${key}_`) : key);

function fieldOf(type: GraphQLNamedType, name: string) {
  return isObjectType(type) || isInterfaceType(type) ? type.getFields()[name] : undefined;
}
