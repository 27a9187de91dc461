import { ErrorCode } from '@clmb/common';
import { rootFields } from '../subgraph-failure';

export interface MutationResponse {
  data?: unknown;
  extensions?: Record<string, unknown> | undefined;
  errors?: readonly { message?: string; path?: readonly (string | number)[] | undefined; extensions?: Record<string, unknown> | undefined }[] | undefined;
}

/** Codes of a subgraph call that may have run the mutation although its answer did not reach the router. */
const UNKNOWN_OUTCOME = new Set<unknown>([ErrorCode.SUBGRAPH_UNAVAILABLE, ErrorCode.SUBGRAPH_RESPONSE_TOO_LARGE]);

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
  // Data and no field error: every field ran (no query to parse).
  if (placed.length === 0) return response.data != null;
  const keys = rootFields(query);
  // No field found where one ran: do not guess that nothing changed.
  if (keys.length === 0) return response.data != null;
  for (const key of keys) {
    if (!placed.some((e) => e.path?.length === 1 && e.path[0] === key)) return true;
    if (response.data == null) return false;
  }
  return false;
}

type Invalidation = { kind?: unknown; type?: unknown; key?: { id?: unknown } };

/**
 * The tags a mutation's answer declares it changed (`extensions.invalidation`, the Apollo Router's
 * format): `Type:<id>` for an entity, `Type` for a type (its set: lists, lookups that found none).
 * Undefined when it declares nothing or its whole subgraph: then everything may have changed.
 */
export function declaredTags(response: MutationResponse | undefined): string[] | undefined {
  const declared = response?.extensions?.['invalidation'];
  if (!Array.isArray(declared) || declared.length === 0) return undefined;
  const tags: string[] = [];
  for (const { kind, type, key } of declared as Invalidation[]) {
    if (kind === 'entity' && typeof type === 'string' && typeof key?.id === 'string') tags.push(`${type}:${key.id}`);
    else if (kind === 'type' && typeof type === 'string') tags.push(type);
    else return undefined;
  }
  return tags;
}
