import { parseId } from '@clmb/common';
import { assertAccess } from '../access';
import type { QueryResolvers } from '../__generated__/resolvers-types';

export const Query: QueryResolvers = {
  me: (_parent, _args, { viewer, loaders }) => (viewer ? loaders.userById.load(viewer.id) : null),

  user: (_parent, args, { loaders }) => loaders.userById.load(parseId(args.id)),

  session: async (_parent, args, { viewer, loaders }) => {
    const session = await loaders.sessionById.load(parseId(args.id));
    if (!session) return null;
    assertAccess(viewer, session.userId, 'sessions');
    return session;
  },
};
