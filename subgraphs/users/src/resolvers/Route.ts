import { idReference } from '@clmb/common';
import type { RouteResolvers } from '../__generated__/resolvers-types';
import * as routeFields from '../community/route-fields';
import * as projects from '../projects/project-fields';

// The fields the users service adds to the gyms service's Route, each batched per page of routes.
export const Route: RouteResolvers = {
  // No database read: each field loads what it needs; whether the route exists is the gyms service's to say.
  __resolveReference: (reference) => idReference(reference),
  rating: (route, _args, ctx) => routeFields.routeRating(ctx, route),
  communityGrade: (route, _args, ctx) => routeFields.communityGrade(ctx, route),
  myRating: (route, _args, ctx) => routeFields.myRating(ctx, route),
  ascents: (route, _args, ctx) => routeFields.ascents(ctx, route),
  ratings: (route, args, ctx) => routeFields.ratings(ctx, route, args),
  projectCount: (route, _args, ctx) => projects.projectCount(ctx, route.id),
  myProject: (route, _args, ctx) => projects.myProject(ctx, route.id),
};
