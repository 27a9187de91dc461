import type { DirectiveNode, GraphQLFormattedError } from 'graphql';
import { Kind } from 'graphql';
import type { Filtered, Removal } from './filter';

/** The code of a field left out of an answer because the request may not see it (the Apollo Router's). */
export const UNAUTHORIZED_FIELD_OR_TYPE = 'UNAUTHORIZED_FIELD_OR_TYPE';

type Variables = Readonly<Record<string, unknown>>;
type Data = Record<string, unknown>;

/** Whether `@include`/`@skip` let a field through with these variables: a skipped field was not asked for. */
export function asked(conditions: readonly DirectiveNode[], variables: Variables): boolean {
  return conditions.every((directive) => {
    const value = directive.arguments?.find((arg) => arg.name.value === 'if')?.value;
    const on = value?.kind === Kind.BOOLEAN ? value.value : value?.kind === Kind.VARIABLE ? variables[value.name.value] === true : false;
    return directive.name.value === 'include' ? on : !on;
  });
}

/** The objects at `path` in `data` (`@` goes into every element of a list; nulls end the way). */
function objectsAt(data: Data, path: readonly string[]): Data[] {
  let level: unknown[] = [data];
  for (const key of path) {
    const next: unknown[] = [];
    for (const value of level) {
      if (key === '@') {
        if (Array.isArray(value)) next.push(...value);
      } else if (value && typeof value === 'object' && !Array.isArray(value)) {
        next.push((value as Data)[key]);
      }
    }
    level = next;
  }
  return level.filter((value): value is Data => value !== null && typeof value === 'object' && !Array.isArray(value));
}

export const unauthorizedError = (removal: Removal, code: string): GraphQLFormattedError => ({
  message: `Unauthorized field or type: ${removal.coordinate}.`,
  path: [...removal.path],
  extensions: { code },
});

/**
 * Puts the removed fields back into an answer as the client asked for them: null (above a
 * non-null field, its nearest nullable parent, as GraphQL's null propagation would), and one
 * error for each removed field (per path, as the Apollo Router) that had an object to be part
 * of; under a type condition only objects of that type count. The `__typename`s the filter
 * asked for leave the answer again.
 */
export function restoreRemoved(
  data: Data | null | undefined,
  { removals, placeholders, typenameKey }: Pick<Filtered, 'removals' | 'placeholders' | 'typenameKey'>,
  variables: Variables,
): { data: Data | null | undefined; errors: GraphQLFormattedError[] } {
  const errors: GraphQLFormattedError[] = [];
  if (!data) return { data, errors };
  let result: Data | null = data;
  for (const removal of removals) {
    if (!result || !asked(removal.conditions, variables)) continue;
    const key = removal.path[removal.path.length - 1]!;
    const parents = objectsAt(result, removal.path.slice(0, -1)).filter((parent) => !removal.on || removal.on.includes(parent[typenameKey] as string));
    if (parents.length === 0) continue;
    errors.push(unauthorizedError(removal, UNAUTHORIZED_FIELD_OR_TYPE));
    if (removal.nullAt.length === removal.path.length) {
      for (const parent of parents) if (!(key in parent)) parent[key] = null;
    } else if (removal.nullAt.length === 0) {
      result = null;
    } else {
      const at = removal.nullAt[removal.nullAt.length - 1]!;
      // Only where the parent is in the answer: an object of another type never had it.
      for (const holder of objectsAt(result, removal.nullAt.slice(0, -1))) if (at in holder) holder[at] = null;
    }
  }
  if (result) for (const path of placeholders) for (const object of objectsAt(result, path)) delete object['__typename'];
  for (const removal of removals) if (result && removal.on) for (const object of objectsAt(result, removal.path.slice(0, -1))) delete object[typenameKey];
  return { data: result, errors };
}
