import type { RouteResolvers } from '../__generated__/resolvers-types';
import { present, referenceId } from '../references';

export const Route: RouteResolvers = {
  // Stripped routes still resolve: climbs logged on them must keep their route.
  __resolveReference: (reference, { loaders }) => {
    const id = referenceId(reference.id);
    return id ? loaders.routeById.load(id) : null;
  },
  gym: async (route, _args, { loaders }) => present(await loaders.gymById.load(route.gymId), `gym ${route.gymId}`),
  grade: async (route, _args, { loaders }) =>
    present(await loaders.gradeById.load(route.gradeId), `grade ${route.gradeId}`),
};
