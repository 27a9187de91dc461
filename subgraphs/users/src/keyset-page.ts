import { type Connection, pageSize, parseAfter, toConnection } from '@clmb/common';
import type DataLoader from 'dataloader';
import { z } from 'zod';

/**
 * A position in one parent's rows newest first (a user's sessions, a route's ratings): the time
 * they are ordered by, and the id that orders rows of the same time.
 */
export interface KeysetCursor {
  time: Date;
  id: string;
}

/** One page of one parent's rows: `limit` is the page size plus one, to tell whether more follow. */
export interface PageKey {
  parentId: string;
  limit: number;
  after: KeysetCursor | null;
}

const cursorKey = z.tuple([z.iso.datetime(), z.uuid()]);

/**
 * A page of one parent's rows newest first by (`timeOf`, id): a keyset, so pages stay stable while
 * rows are added.
 */
export async function keysetConnection<R extends { id: string }>(
  loader: DataLoader<PageKey, R[], string>,
  timeOf: (row: R) => Date,
  parentId: string,
  args: { first?: number | null; after?: string | null },
): Promise<Connection<R>> {
  const size = pageSize(args.first);
  const key = parseAfter(args.after, cursorKey);
  const after = key && { time: new Date(key[0]), id: key[1] };
  const rows = await loader.load({ parentId, limit: size + 1, after });
  return toConnection(rows, size, (row) => [timeOf(row).toISOString(), row.id], after !== null);
}
