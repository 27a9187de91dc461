import { idReference } from '@clmb/common';
import type { GymResolvers } from '../__generated__/resolvers-types';
import * as gymFields from '../community/gym-fields';

export const Gym: GymResolvers = {
  // No database read: the gyms service knows whether the gym exists.
  __resolveReference: (reference) => idReference(reference),
  activity: (gym, _args, ctx) => gymFields.activity(ctx, gym),
  leaderboard: (gym, args, ctx) => gymFields.leaderboard(ctx, gym, args),
};
