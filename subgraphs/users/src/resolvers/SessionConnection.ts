import type { SessionConnectionResolvers } from '../__generated__/resolvers-types';
import * as users from '../users';

export const SessionConnection: SessionConnectionResolvers = {
  totalCount: (connection, _args, ctx) => users.sessionCount(ctx, connection.userId),
};
