import { type Connection, keysetConnection } from '@clmb/common';
import type { RatingRow } from '@clmb/drizzle/users';
import type { Loaders } from '../loaders';

export type RatingConnectionParent = Connection<RatingRow>;

/** A route's ratings newest first by (createdAt, id). */
export function ratingConnection(
  loaders: Loaders,
  routeId: string,
  args: { first?: number | null; after?: string | null },
): Promise<RatingConnectionParent> {
  return keysetConnection(loaders.ratingPage, (rating) => rating.createdAt, routeId, args);
}
