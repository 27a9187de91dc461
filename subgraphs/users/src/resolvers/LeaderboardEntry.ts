import type { LeaderboardEntryResolvers } from '../__generated__/resolvers-types';
import * as gymFields from '../community/gym-fields';

export const LeaderboardEntry: LeaderboardEntryResolvers = {
  user: (entry, _args, ctx) => gymFields.entryUser(ctx, entry),
};
