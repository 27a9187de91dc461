import type { UserStatsResolvers } from '../__generated__/resolvers-types';
import * as stats from '../stats/stats';

export const UserStats: UserStatsResolvers = {
  sessionCount: (parent, _args, ctx) => stats.sessionCount(ctx, parent),
  climbCount: (parent, _args, ctx) => stats.climbCount(ctx, parent),
  sendCount: (parent, _args, ctx) => stats.sendCount(ctx, parent),
  totalDuration: (parent, _args, ctx) => stats.totalDuration(ctx, parent),
  flashCount: (parent, _args, ctx) => stats.flashCount(ctx, parent),
  onsightCount: (parent, _args, ctx) => stats.onsightCount(ctx, parent),
  privateClimbCount: (parent, _args, ctx) => stats.privateClimbCount(ctx, parent),
  privateSessionCount: (parent, _args, ctx) => stats.privateSessionCount(ctx, parent),
  hardestSend: (parent, args, ctx) => stats.hardestSend(ctx, parent, args),
  pyramid: (parent, args, ctx) => stats.pyramid(ctx, parent, args),
  progression: (parent, args, ctx) => stats.progression(ctx, parent, args),
};
