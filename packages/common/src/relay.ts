import { z } from 'zod';
import { invalidField } from './errors';

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Connection<T> {
  /** `toConnection` makes `cursor` a getter, encoded when read: never set it. */
  edges: { readonly cursor: string; node: T }[];
  pageInfo: PageInfo;
}

/** A forward connection's arguments, as every paged field of the schema takes them. */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export const MAX_PAGE_SIZE = 100;

/** Opaque keyset cursors: base64url of the sort key, so pages stay stable while rows are added. */
export const encodeCursor = (key: readonly (string | number)[]): string =>
  Buffer.from(JSON.stringify(key)).toString('base64url');

const cursorKey = z.array(z.union([z.string().refine((v) => !v.includes('\u0000')), z.number()])).min(1);

const MAX_CURSOR_LENGTH = 1024;

export function decodeCursor(cursor: string, field = 'after'): (string | number)[] {
  try {
    if (cursor.length > MAX_CURSOR_LENGTH) throw new Error('too long');
    return cursorKey.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw invalidField(field, 'is not a cursor returned by this API');
  }
}

/**
 * Decodes an `after` argument into the keyset `schema` describes: null for the first page (no
 * cursor, or an empty one), BAD_USER_INPUT for anything this API did not hand out.
 */
export function parseAfter<S extends z.ZodType>(after: string | null | undefined, schema: S): z.infer<S> | null {
  if (!after) return null;
  const key = schema.safeParse(decodeCursor(after));
  if (!key.success) throw invalidField('after', 'is not a cursor returned by this API');
  return key.data;
}

export function pageSize(first: number | null | undefined, fallback = 20): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
    throw invalidField('first', `must be between 0 and ${MAX_PAGE_SIZE}`);
  }
  return size;
}

/**
 * Builds a forward connection from `size + 1` rows fetched after the cursor: the extra row only
 * tells whether there is a next page. An edge's cursor is encoded when it is read: most pages are
 * read without edges' cursors (a logbook's asks for none), and encoding each was CPU for nothing.
 * pageInfo's two stay plain values, which a caller may set (the feed's end of a short page).
 */
export function toConnection<T>(
  rows: T[],
  size: number,
  keyOf: (row: T) => readonly (string | number)[],
  hasPreviousPage: boolean,
): Connection<T> {
  const page = rows.slice(0, size);
  const cursorOf = (node: T) => encodeCursor(keyOf(node));
  const edges = page.map((node) => ({
    node,
    get cursor() {
      return cursorOf(node);
    },
  }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > size,
      hasPreviousPage,
      startCursor: page.length > 0 ? cursorOf(page[0]!) : null,
      endCursor: page.length > 0 ? cursorOf(page.at(-1)!) : null,
    },
  };
}
