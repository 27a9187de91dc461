import { fields } from '@clmb/common';

/**
 * The id of an entity representation, or null when it is not a UUID: `_entities` answers null
 * for such a reference instead of failing the whole batch with a database error.
 */
export const referenceId = (id: unknown): string | null => (fields.id.safeParse(id).success ? (id as string) : null);

/** A relation the foreign keys guarantee; a miss means a broken database, not a client error. */
export function present<T>(row: T | null, what: string): T {
  if (row === null) throw new Error(`${what} is missing`);
  return row;
}
