import type { FeedItemResolvers } from '../__generated__/resolvers-types';
import * as feed from '../feed/feed';

export const FeedItem: FeedItemResolvers = {
  __resolveReference: (reference, ctx) => feed.feedItemReference(ctx, reference),
  actor: (item, _args, ctx) => feed.feedItemActor(ctx, item),
  session: (item, _args, ctx) => feed.feedItemSession(ctx, item),
  climb: (item, _args, ctx) => feed.feedItemClimb(ctx, item),
  rating: (item, _args, ctx) => feed.feedItemRating(ctx, item),
  // A reference the gyms subgraph resolves through the router.
  route: (item) => feed.feedItemRoute(item),
};
