import { loadReference, present } from '@clmb/common';
import type { RouteResolvers } from '../__generated__/resolvers-types';
import { wallOfRoute } from '../routes/walls';

export const Route: RouteResolvers = {
  // Stripped routes still resolve: climbs logged on them must keep their route.
  __resolveReference: (reference, { loaders }) => loadReference(loaders.routeById, reference),
  gym: async (route, _args, { loaders }) => present(await loaders.gymById.load(route.gymId), `gym ${route.gymId}`),
  grade: async (route, _args, { loaders }) =>
    present(await loaders.gradeById.load(route.gradeId), `grade ${route.gradeId}`),
  wall: (route, _args, ctx) => wallOfRoute(ctx, route),
  updatedAt: (route) => route.modifiedAt,
};
