import { ref } from '@clmb/common';
import type { RatingResolvers } from '../__generated__/resolvers-types';
import * as ratings from '../community/ratings';

export const Rating: RatingResolvers = {
  __resolveReference: (reference, ctx) => ratings.ratingReference(ctx, reference),
  // References the gyms subgraph resolves through the router.
  suggestedGrade: (rating) => ref('Grade', rating.suggestedGradeId),
  route: (rating) => ref('Route', rating.routeId),
  user: (rating, _args, ctx) => ratings.ratingUser(ctx, rating),
  updatedAt: (rating) => rating.modifiedAt,
};
