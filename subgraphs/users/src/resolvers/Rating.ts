import type { RatingResolvers } from '../__generated__/resolvers-types';
import * as ratings from '../community/ratings';

export const Rating: RatingResolvers = {
  __resolveReference: (ref, ctx) => ratings.ratingReference(ctx, ref),
  // References the gyms subgraph resolves through the router.
  suggestedGrade: (rating) => (rating.suggestedGradeId ? { __typename: 'Grade', id: rating.suggestedGradeId } : null),
  route: (rating) => ({ __typename: 'Route', id: rating.routeId }),
  user: (rating, _args, ctx) => ratings.ratingUser(ctx, rating),
  updatedAt: (rating) => rating.modifiedAt,
};
