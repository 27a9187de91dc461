import type { LeaderboardEntryResolvers } from '../__generated__/resolvers-types';
import * as gymStats from '../gym-stats';

export const LeaderboardEntry: LeaderboardEntryResolvers = {
  user: (entry, _args, ctx) => gymStats.entryUser(ctx, entry),
};
