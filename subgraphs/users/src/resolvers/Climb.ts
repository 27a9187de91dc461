import { fields } from '@clmb/common';
import { assertAccess } from '../access';
import type { ClimbResolvers } from '../__generated__/resolvers-types';

export const Climb: ClimbResolvers = {
  // A climb is as private as its session.
  __resolveReference: async (ref, { viewer, loaders }) => {
    if (!fields.id.safeParse(ref.id).success) return null;
    const climb = await loaders.climbById.load(ref.id);
    const session = climb && (await loaders.sessionById.load(climb.sessionId));
    if (!climb || !session) return null;
    assertAccess(viewer, session.userId, 'climbs');
    return climb;
  },

  session: async (climb, _args, { loaders }) => {
    const session = await loaders.sessionById.load(climb.sessionId);
    if (!session) throw new Error(`climb ${climb.id} has no session ${climb.sessionId}`);
    return session;
  },

  // A reference the gyms subgraph resolves through the router.
  route: (climb) => ({ __typename: 'Route', id: climb.routeId }),
};
