import { present } from '@clmb/common';
import type { GymResolvers } from '../__generated__/resolvers-types';
import { gymByReference } from '../gyms/gyms';
import { routesOfGym } from '../routes/routes';
import { wallsOfGym } from '../routes/walls';

export const Gym: GymResolvers = {
  __resolveReference: (reference, ctx) => gymByReference(ctx, reference),
  gradeSystem: async (gym, _args, { loaders }) =>
    present(await loaders.gradeSystemById.load(gym.gradeSystemId), `grade system ${gym.gradeSystemId}`),
  routes: (gym, args, ctx) => routesOfGym(ctx, gym, args),
  walls: (gym, _args, ctx) => wallsOfGym(ctx, gym),
  updatedAt: (gym) => gym.modifiedAt,
};
