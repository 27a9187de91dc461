import type { SessionConnectionResolvers } from '../__generated__/resolvers-types';
import * as stats from '../stats/stats';

export const SessionConnection: SessionConnectionResolvers = {
  totalCount: (connection, _args, ctx) => stats.allTimeSessionCount(ctx, connection.userId),
};
