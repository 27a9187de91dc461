import {
  type FieldNode,
  GraphQLIncludeDirective,
  type GraphQLResolveInfo,
  GraphQLSkipDirective,
  getArgumentValues,
  getDirectiveValues,
  isObjectType,
  Kind,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';

// What an operation asks for below the field being resolved, for reading it along in the
// field's own statement (a page's children) rather than in a statement of their own later.

const included = (node: SelectionNode, info: GraphQLResolveInfo): boolean =>
  getDirectiveValues(GraphQLSkipDirective, node, info.variableValues)?.['if'] !== true &&
  getDirectiveValues(GraphQLIncludeDirective, node, info.variableValues)?.['if'] !== false;

/** The fields named `name` in a selection set, through fragments and inline fragments, whatever their alias. */
function fieldsNamed(selectionSet: SelectionSetNode | undefined, name: string, info: GraphQLResolveInfo): FieldNode[] {
  return (selectionSet?.selections ?? []).flatMap((selection) => {
    if (!included(selection, info)) return [];
    if (selection.kind === Kind.FIELD) return selection.name.value === name ? [selection] : [];
    const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : info.fragments[selection.name.value];
    return fieldsNamed(fragment?.selectionSet, name, info);
  });
}

/** Whether `path` may be selected below one of `fields`. */
function mayBeSelectedBelow(fields: readonly FieldNode[], path: readonly string[], info: GraphQLResolveInfo): boolean {
  for (const name of path) {
    fields = fields.flatMap((field) => fieldsNamed(field.selectionSet, name, info));
    if (fields.length === 0) return false;
  }
  return true;
}

/**
 * Whether the operation may read `path` (field names: `edges`, `node`, `climbs`) below the field
 * being resolved. May: a fragment's type condition is not looked at, so reading along something
 * then not read is the cost of a wrong guess, never a wrong answer. @skip and @include are honoured.
 */
export const mayBeSelected = (info: GraphQLResolveInfo, path: readonly string[]): boolean => mayBeSelectedBelow(info.fieldNodes, path, info);

/** A field the operation selects below the one being resolved, as its own resolver will be called. */
export interface Selection {
  args: Record<string, unknown>;
  /** `mayBeSelected` below this field. */
  mayBeSelected(path: readonly string[]): boolean;
}

/**
 * The selections of the field `typeName.fieldName` directly below the field being resolved (whose
 * type is `typeName`), one per response key (a field and its aliases): what their resolvers will
 * be called with, for loads a resolver starts ahead of them.
 */
export function selectionsOf(info: GraphQLResolveInfo, typeName: string, fieldName: string): Selection[] {
  const type = info.schema.getType(typeName);
  const field = isObjectType(type) ? type.getFields()[fieldName] : undefined;
  if (!field) throw new Error(`selectionsOf: ${typeName}.${fieldName} is not a field of the schema`);
  const byResponseKey = new Map<string, FieldNode[]>();
  for (const node of info.fieldNodes.flatMap((parent) => fieldsNamed(parent.selectionSet, fieldName, info))) {
    const key = node.alias?.value ?? fieldName;
    byResponseKey.set(key, [...(byResponseKey.get(key) ?? []), node]);
  }
  // Validation made sure the nodes of one response key have the same arguments.
  return [...byResponseKey.values()].map((nodes) => ({
    args: getArgumentValues(field, nodes[0]!, info.variableValues),
    mayBeSelected: (path) => mayBeSelectedBelow(nodes, path, info),
  }));
}
