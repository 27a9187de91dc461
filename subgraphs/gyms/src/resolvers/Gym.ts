import { present } from '@clmb/common';
import type { GymResolvers } from '../__generated__/resolvers-types';
import { gymByReference } from '../gyms';
import { routesOfGym } from '../routes';

export const Gym: GymResolvers = {
  __resolveReference: (reference, ctx) => gymByReference(ctx, reference),
  gradeSystem: async (gym, _args, { loaders }) =>
    present(await loaders.gradeSystemById.load(gym.gradeSystemId), `grade system ${gym.gradeSystemId}`),
  routes: (gym, { includeStripped }, ctx) => routesOfGym(ctx, gym, includeStripped),
};
