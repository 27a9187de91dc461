import type { GymConnectionResolvers } from '../__generated__/resolvers-types';
import * as gyms from '../gyms/gyms';

export const GymConnection: GymConnectionResolvers = {
  totalCount: (page, _args, ctx) => gyms.countGyms(ctx, page),
};
