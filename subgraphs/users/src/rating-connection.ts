import { type Connection, pageSize, parseAfter, toConnection } from '@clmb/common';
import type { RatingRow } from '@clmb/drizzle/users';
import { z } from 'zod';
import type { Loaders } from './loaders';
import type { RatingCursor } from './rating-store';

export type RatingConnectionParent = Connection<RatingRow>;

const cursorKey = z.tuple([z.iso.datetime(), z.uuid()]);

const keyOf = (rating: RatingRow) => [rating.createdAt.toISOString(), rating.id] as const;

function parseCursor(after: string | null | undefined): RatingCursor | null {
  const key = parseAfter(after, cursorKey);
  return key && { createdAt: new Date(key[0]), id: key[1] };
}

/** A route's ratings newest first by (createdAt, id): a keyset, so pages stay stable while ratings are added. */
export async function ratingConnection(
  loaders: Loaders,
  routeId: string,
  args: { first?: number | null; after?: string | null },
): Promise<RatingConnectionParent> {
  const size = pageSize(args.first);
  const after = parseCursor(args.after);
  const rows = await loaders.ratingPage.load({ parentId: routeId, limit: size + 1, after });
  return toConnection(rows, size, keyOf, after !== null);
}
