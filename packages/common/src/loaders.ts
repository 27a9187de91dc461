import type DataLoader from 'dataloader';
import { fields } from './validation';

/** Results in key order, null for a key no row has: the contract of a DataLoader batch. */
export function one<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K): (R | null)[] {
  const byKey = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => byKey.get(key) ?? null);
}

/** Rows grouped per key in key order (the query's order kept inside a group), [] for none. */
export function many<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K): R[][] {
  const byKey = new Map<K, R[]>(keys.map((key) => [key, []]));
  for (const row of rows) byKey.get(keyOf(row))?.push(row);
  return keys.map((key) => byKey.get(key) ?? []);
}

/** After a write: the request's loader answers with the written row, not a stale or missing one. */
export function prime<T extends { id: string }>(loader: DataLoader<string, T | null>, row: T): T {
  loader.clear(row.id).prime(row.id, row);
  return row;
}

/**
 * The id of an entity representation, or null when it is not a UUID: `_entities` answers null
 * for such a reference instead of failing the whole batch with a database error.
 */
export const referenceId = (id: unknown): string | null => (fields.id.safeParse(id).success ? (id as string) : null);

/** A relation the foreign keys guarantee; a miss means a broken database, not a client error. */
export function present<T>(row: T | null | undefined, what: string): T {
  if (row === null || row === undefined) throw new Error(`${what} is missing`);
  return row;
}

/**
 * Wraps housekeeping (pruning expired rows) so that it runs at most once per `intervalMs` per
 * process, however often it is called; a failure is the caller's to log, and the next call after
 * the interval tries again.
 */
export function atMostEvery(intervalMs: number, task: () => Promise<void>): () => Promise<void> {
  let last = Number.NEGATIVE_INFINITY;
  return async () => {
    const now = Date.now();
    if (now - last < intervalMs) return;
    last = now;
    await task();
  };
}
