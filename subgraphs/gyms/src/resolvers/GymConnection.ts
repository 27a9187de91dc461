import type { GymConnectionResolvers } from '../__generated__/resolvers-types';
import { countGyms } from '../gyms/gyms';

export const GymConnection: GymConnectionResolvers = {
  totalCount: (page, _args, ctx) => countGyms(ctx, page),
};
