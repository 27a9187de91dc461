import type { GymResolvers } from '../__generated__/resolvers-types';
import * as gymStats from '../community/gym-fields';

export const Gym: GymResolvers = {
  __resolveReference: (ref) => gymStats.gymReference(ref),
  activity: (gym, _args, ctx) => gymStats.activity(ctx, gym),
  leaderboard: (gym, args, ctx) => gymStats.leaderboard(ctx, gym, args),
};
