import type { QueryResolvers } from '../__generated__/resolvers-types';
import * as gradeSystems from '../grade-systems';
import * as gyms from '../gyms';
import * as routes from '../routes';
import * as walls from '../walls';

export const Query: QueryResolvers = {
  gym: (_parent, { id }, ctx) => gyms.gym(ctx, id),
  gymBySlug: (_parent, { slug }, ctx) => gyms.gymBySlug(ctx, slug),
  gyms: (_parent, args, ctx) => gyms.listGyms(ctx, args),
  gradeSystems: (_parent, _args, ctx) => gradeSystems.gradeSystems(ctx),
  gradeSystem: (_parent, { id }, ctx) => gradeSystems.gradeSystem(ctx, id),
  route: (_parent, { id }, ctx) => routes.route(ctx, id),
  wall: (_parent, { id }, ctx) => walls.wall(ctx, id),
};
