import type { SessionConnectionResolvers } from '../__generated__/resolvers-types';

export const SessionConnection: SessionConnectionResolvers = {
  // Counted only when asked for, from the same batched aggregate as User.stats.
  totalCount: async (connection, _args, { loaders }) => (await loaders.statsByUserId.load(connection.userId)).sessionCount,
};
