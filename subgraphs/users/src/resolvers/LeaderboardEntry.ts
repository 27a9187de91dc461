import type { LeaderboardEntryResolvers } from '../__generated__/resolvers-types';
import * as gymStats from '../community/gym-fields';

export const LeaderboardEntry: LeaderboardEntryResolvers = {
  user: (entry, _args, ctx) => gymStats.entryUser(ctx, entry),
};
