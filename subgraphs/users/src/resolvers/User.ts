import { fields } from '@clmb/common';
import { assertAccess } from '../access';
import { viewerOf } from '../context';
import type { UserResolvers } from '../__generated__/resolvers-types';
import { sessionConnection } from '../session-connection';

export const User: UserResolvers = {
  // A malformed id never reaches SQL (it would fail the whole batch): it resolves to null.
  __resolveReference: (ref, { loaders }) => (fields.id.safeParse(ref.id).success ? loaders.userById.load(ref.id) : null),

  email: (user, _args, ctx) => (viewerOf(ctx, user)?.id === user.id ? user.email : null),

  sessions: (user, args, ctx) => {
    assertAccess(viewerOf(ctx, user), user.id, 'sessions');
    return sessionConnection(ctx.loaders, user.id, args);
  },

  stats: (user, _args, ctx) => {
    assertAccess(viewerOf(ctx, user), user.id, 'stats');
    return ctx.loaders.statsByUserId.load(user.id);
  },
};
