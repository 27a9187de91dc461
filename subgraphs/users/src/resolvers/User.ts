import { fields } from '@clmb/common';
import { assertAccess } from '../access';
import type { UserResolvers } from '../__generated__/resolvers-types';
import { sessionConnection } from '../session-connection';

export const User: UserResolvers = {
  // A malformed id never reaches SQL (it would fail the whole batch): it resolves to null.
  __resolveReference: (ref, { loaders }) => (fields.id.safeParse(ref.id).success ? loaders.userById.load(ref.id) : null),

  email: (user, _args, { viewer }) => (viewer?.id === user.id ? user.email : null),

  sessions: (user, args, { viewer, loaders }) => {
    assertAccess(viewer, user.id, 'sessions');
    return sessionConnection(loaders, user.id, args);
  },

  stats: (user, _args, { viewer, loaders }) => {
    assertAccess(viewer, user.id, 'stats');
    return loaders.statsByUserId.load(user.id);
  },
};
