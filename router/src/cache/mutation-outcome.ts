import { Kind, parse } from 'graphql';

interface MutationResponse {
  data?: unknown;
  errors?: readonly { message?: string; path?: readonly (string | number)[] | undefined; extensions?: Record<string, unknown> | undefined }[] | undefined;
}

/** Response keys of the mutation's top-level fields, in the order the subgraph runs them. */
function rootKeys(query: string): string[] {
  const operation = parse(query).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (operation?.kind !== Kind.OPERATION_DEFINITION) return [];
  return operation.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD && s.name.value !== '__typename' ? [s.alias?.value ?? s.name.value] : []));
}

/**
 * Whether a mutation the router sent a subgraph may have changed something, from its answer
 * (undefined: the call threw, so nobody knows). A subgraph runs mutation fields one after the
 * other; a field whose resolver threw has an error at its own path (`[key]`) and changed nothing,
 * and when that nulls the whole `data` (a non-null field) the fields after it never ran. A field
 * without such an error did run: an error deeper in its result, or a null `data` caused by a
 * field after it, does not undo its write. A subgraph that did not answer (SUBGRAPH_UNAVAILABLE)
 * may still have applied the mutation, so that counts as a change too. An answer without data and
 * without field errors was refused as a whole (validation, the router's secret), before running.
 */
export function mayHaveChanged(query: string, response: MutationResponse | undefined): boolean {
  if (!response) return true;
  const errors = response.errors ?? [];
  if (errors.some((e) => e.extensions?.['code'] === 'SUBGRAPH_UNAVAILABLE')) return true;
  const placed = errors.filter((e) => (e.path?.length ?? 0) > 0);
  if (response.data == null && placed.length === 0) return false;
  for (const key of rootKeys(query)) {
    if (!placed.some((e) => e.path?.length === 1 && e.path[0] === key)) return true;
    if (response.data == null) return false;
  }
  return false;
}
