import type { LeaderboardResolvers } from '../__generated__/resolvers-types';
import * as leaderboards from '../community/leaderboards';

export const Leaderboard: LeaderboardResolvers = {
  gym: (parent) => leaderboards.gym(parent),
  entries: (parent, args, ctx) => leaderboards.entries(ctx, parent, args),
};
