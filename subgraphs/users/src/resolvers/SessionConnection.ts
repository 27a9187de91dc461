import type { SessionConnectionResolvers } from '../__generated__/resolvers-types';
import * as sessions from '../logbook/sessions';

export const SessionConnection: SessionConnectionResolvers = {
  totalCount: (connection, _args, ctx) => sessions.visibleSessionCount(ctx, connection),
  privateCount: (connection, _args, ctx) => sessions.privateSessionCount(ctx, connection),
};
