import { fields } from '@clmb/common';
import { assertAccess } from '../access';
import type { SessionResolvers } from '../__generated__/resolvers-types';
import { formatDuration } from '../duration';

export const Session: SessionResolvers = {
  // Entities get the same ownership rule as `session(id)`: the router is no way around it.
  __resolveReference: async (ref, { viewer, loaders }) => {
    if (!fields.id.safeParse(ref.id).success) return null;
    const session = await loaders.sessionById.load(ref.id);
    if (session) assertAccess(viewer, session.userId, 'sessions');
    return session;
  },

  user: async (session, _args, { loaders }) => {
    const user = await loaders.userById.load(session.userId);
    if (!user) throw new Error(`session ${session.id} has no user ${session.userId}`);
    return user;
  },

  // A reference the gyms subgraph resolves through the router.
  gym: (session) => ({ __typename: 'Gym', id: session.gymId }),

  // Derived, never stored: it cannot disagree with the start and end times.
  duration: (session) => (session.endTime ? formatDuration(session.endTime.getTime() - session.startTime.getTime()) : null),

  climbs: (session, _args, { loaders }) => loaders.climbsBySessionId.load(session.id),
};
