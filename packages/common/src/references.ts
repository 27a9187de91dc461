import type DataLoader from 'dataloader';
import { fields } from './validation';

/**
 * The id of an entity representation, or null when it is not a UUID: `_entities` answers null
 * for such a reference instead of failing the whole batch with a database error.
 */
const referenceId = (id: unknown): string | null => (fields.id.safeParse(id).success ? (id as string) : null);

/**
 * The row an entity representation names, through its loader (`__resolveReference`); null
 * without a query when the id is not a UUID.
 */
export function loadReference<T>(loader: DataLoader<string, T | null>, reference: { id?: unknown }): Promise<T | null> | null {
  const id = referenceId(reference.id);
  return id ? loader.load(id) : null;
}

/**
 * An entity of another subgraph that this one adds fields to, known by its id alone: no database
 * read, each field loads what it needs. Null for a malformed id.
 */
export function idReference(reference: { id?: unknown }): { id: string } | null {
  const id = referenceId(reference.id);
  return id ? { id } : null;
}

/** A reference to an entity another subgraph resolves through the router; null for no id. */
export function ref<T extends string>(typename: T, id: string): { __typename: T; id: string };
export function ref<T extends string>(typename: T, id: string | null): { __typename: T; id: string } | null;
export function ref<T extends string>(typename: T, id: string | null): { __typename: T; id: string } | null {
  return id === null ? null : { __typename: typename, id };
}
