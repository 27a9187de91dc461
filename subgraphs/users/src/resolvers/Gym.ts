import type { GymResolvers } from '../__generated__/resolvers-types';
import * as gymFields from '../community/gym-fields';
import * as setterGrading from '../community/setter-grading';

export const Gym: GymResolvers = {
  // No database read: the gyms service knows whether the gym exists.
  __resolveReference: (reference) => setterGrading.gymReference(reference),
  activity: (gym, _args, ctx) => gymFields.activity(ctx, gym),
  leaderboard: (gym, args, ctx) => gymFields.leaderboard(ctx, gym, args),
  leaderboardPrivateCount: (gym, args, ctx) => gymFields.leaderboardPrivateCount(ctx, gym, args),
  setterGrading: (gym, _args, ctx) => setterGrading.setterGrading(ctx, gym),
};
