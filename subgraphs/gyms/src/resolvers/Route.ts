import type { RouteResolvers } from '../__generated__/resolvers-types';
import * as gradeSystems from '../grades/grade-systems';
import * as gyms from '../gyms/gyms';
import * as routes from '../routes/routes';
import * as setters from '../routes/setters';
import * as walls from '../routes/walls';

export const Route: RouteResolvers = {
  __resolveReference: (reference, ctx) => routes.routeByReference(ctx, reference),
  gym: (route, _args, ctx) => gyms.gymOf(ctx, route),
  grade: (route, _args, ctx) => gradeSystems.gradeOf(ctx, route),
  wall: (route, _args, ctx) => walls.wallOf(ctx, route),
  setters: (route, _args, ctx) => setters.settersOf(ctx, route),
  updatedAt: (route) => route.modifiedAt,
};
