import type { MutationResolvers } from '../__generated__/resolvers-types';
import * as gradeSystems from '../grade-systems';
import * as gyms from '../gyms';
import * as routes from '../routes';
import * as walls from '../walls';

// Validation, authorization, rules and loader priming live in the entity modules; resolvers only route.
export const Mutation: MutationResolvers = {
  createGradeSystem: (_parent, { input }, ctx) => gradeSystems.createGradeSystem(ctx, input),

  createGym: (_parent, { input }, ctx) => gyms.createGym(ctx, input),
  updateGym: (_parent, { input }, ctx) => gyms.updateGym(ctx, input),
  archiveGym: (_parent, { input }, ctx) => gyms.archiveGym(ctx, input),

  createRoute: (_parent, { input }, ctx) => routes.createRoute(ctx, input),
  updateRoute: (_parent, { input }, ctx) => routes.updateRoute(ctx, input),
  stripRoute: (_parent, { input }, ctx) => routes.stripRoute(ctx, input),

  createWall: (_parent, { input }, ctx) => walls.createWall(ctx, input),
  updateWall: (_parent, { input }, ctx) => walls.updateWall(ctx, input),
};
