import { loadReference, present } from '@clmb/common';
import type { WallResolvers } from '../__generated__/resolvers-types';
import { routesOnWall } from '../routes/routes';

export const Wall: WallResolvers = {
  __resolveReference: (reference, { loaders }) => loadReference(loaders.wallById, reference),
  gym: async (wall, _args, { loaders }) => present(await loaders.gymById.load(wall.gymId), `gym ${wall.gymId}`),
  routes: (wall, { includeStripped }, ctx) => routesOnWall(ctx, wall, includeStripped),
  updatedAt: (wall) => wall.modifiedAt,
};
