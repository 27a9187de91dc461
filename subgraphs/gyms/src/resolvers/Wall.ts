import type { WallResolvers } from '../__generated__/resolvers-types';
import * as gradeTargets from '../planning/grade-targets';
import * as gyms from '../gyms/gyms';
import * as routes from '../routes/routes';
import * as walls from '../routes/walls';

export const Wall: WallResolvers = {
  __resolveReference: (reference, ctx) => walls.wallByReference(ctx, reference),
  gym: (wall, _args, ctx) => gyms.gymOf(ctx, wall),
  routes: (wall, { includeStripped }, ctx) => routes.routesOnWall(ctx, wall, includeStripped),
  gradeTargets: (wall, _args, ctx) => gradeTargets.gradeTargetsOf(ctx, wall),
  gradeDistribution: (wall, _args, ctx) => gradeTargets.gradeDistributionOf(ctx, wall),
  lastResetAt: (wall, _args, ctx) => gradeTargets.lastResetAtOf(ctx, wall),
  updatedAt: (wall) => wall.modifiedAt,
};
