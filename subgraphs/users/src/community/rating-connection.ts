import { type Connection, keysetConnection, type PageArgs } from '@clmb/common';
import type { RatingRow } from '@clmb/drizzle/users';
import type { Context } from '../context';
import { visibleItems } from '../privacy/privacy';

/** A page of ratings, with how many of the page were left out. */
export type RatingConnectionParent = Connection<RatingRow> & { privateCount: number };

/**
 * A route's ratings newest first by (createdAt, id), leaving out those of climbers the viewer may
 * not see: the page is read as it always is (its cursors and `hasNextPage` stay the route's), then
 * thinned, so a page may hold fewer than `first` ratings and says how many it left out.
 */
export async function ratingConnection(ctx: Context, routeId: string, args: PageArgs): Promise<RatingConnectionParent> {
  const page = await keysetConnection(ctx.loaders.ratingPage, (rating) => rating.createdAt, routeId, args);
  const { visible, hidden } = await visibleItems(ctx, page.edges, (edge) => edge.node.userId);
  return { ...page, edges: visible, privateCount: hidden };
}
