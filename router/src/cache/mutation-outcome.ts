import { type FragmentDefinitionNode, Kind, parse, type SelectionSetNode } from 'graphql';

interface MutationResponse {
  data?: unknown;
  errors?: readonly { message?: string; path?: readonly (string | number)[] | undefined; extensions?: Record<string, unknown> | undefined }[] | undefined;
}

/**
 * Response keys of the mutation's top-level fields, in the order the subgraph runs them, also
 * those under an inline fragment or a fragment spread (the planner keeps a client's
 * `... @include(if: $x) { archiveGym … }` as such).
 */
function rootKeys(query: string): string[] {
  const { definitions } = parse(query);
  const fragments = new Map(definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const keysOf = (selectionSet: SelectionSetNode): string[] =>
    selectionSet.selections.flatMap((s) => {
      if (s.kind === Kind.FIELD) return s.name.value === '__typename' ? [] : [s.alias?.value ?? s.name.value];
      const fragment: { selectionSet: SelectionSetNode } | FragmentDefinitionNode | undefined = s.kind === Kind.INLINE_FRAGMENT ? s : fragments.get(s.name.value);
      return fragment ? keysOf(fragment.selectionSet) : [];
    });
  const operation = definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  return operation?.kind === Kind.OPERATION_DEFINITION ? keysOf(operation.selectionSet) : [];
}

/** Codes of a subgraph call that may have run the mutation although its answer did not reach the router. */
const UNKNOWN_OUTCOME = new Set<unknown>(['SUBGRAPH_UNAVAILABLE', 'SUBGRAPH_RESPONSE_TOO_LARGE']);

/**
 * Whether a mutation the router sent a subgraph may have changed something, from its answer
 * (undefined: the call threw, so nobody knows). A subgraph runs mutation fields one after the
 * other; a field whose resolver threw has an error at its own path (`[key]`) and changed nothing,
 * and when that nulls the whole `data` (a non-null field) the fields after it never ran. A field
 * without such an error did run: an error deeper in its result, or a null `data` caused by a
 * field after it, does not undo its write. A subgraph that did not answer (SUBGRAPH_UNAVAILABLE)
 * may still have applied the mutation, so that counts as a change too, as does an answer too large
 * to read (SUBGRAPH_RESPONSE_TOO_LARGE). An answer without data and
 * without field errors was refused as a whole (validation, the router's secret), before running.
 */
export function mayHaveChanged(query: string, response: MutationResponse | undefined): boolean {
  if (!response) return true;
  const errors = response.errors ?? [];
  if (errors.some((e) => UNKNOWN_OUTCOME.has(e.extensions?.['code']))) return true;
  const placed = errors.filter((e) => (e.path?.length ?? 0) > 0);
  if (response.data == null && placed.length === 0) return false;
  const keys = rootKeys(query);
  // No field found where one ran: do not guess that nothing changed.
  if (keys.length === 0) return response.data != null;
  for (const key of keys) {
    if (!placed.some((e) => e.path?.length === 1 && e.path[0] === key)) return true;
    if (response.data == null) return false;
  }
  return false;
}
