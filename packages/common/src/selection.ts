import {
  type FieldNode,
  GraphQLIncludeDirective,
  type GraphQLResolveInfo,
  GraphQLSkipDirective,
  getDirectiveValues,
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

/**
 * Whether the operation may read `path` (field names: `edges`, `node`, `climbs`) below the field
 * being resolved. May: a fragment's type condition is not looked at, so reading along something
 * then not read is the cost of a wrong guess, never a wrong answer. @skip and @include are honoured.
 */
export function mayBeSelected(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  let fields: readonly FieldNode[] = info.fieldNodes;
  for (const name of path) {
    fields = fields.flatMap((field) => fieldsNamed(field.selectionSet, name, info));
    if (fields.length === 0) return false;
  }
  return true;
}
