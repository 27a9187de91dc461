import type { SessionResolvers } from '../__generated__/resolvers-types';
import * as sessionSummary from '../logbook/session-summary';
import * as sessions from '../logbook/sessions';

export const Session: SessionResolvers = {
  __resolveReference: (ref, ctx) => sessions.sessionReference(ctx, ref),
  user: (session, _args, ctx) => sessions.sessionUser(ctx, session),
  // A reference the gyms subgraph resolves through the router.
  gym: (session) => ({ __typename: 'Gym', id: session.gymId }),
  updatedAt: (session) => session.modifiedAt,
  summary: (session, _args, ctx) => sessionSummary.summary(ctx, session),
  duration: (session) => sessions.duration(session),
  climbs: (session, _args, { loaders }) => loaders.climbsBySessionId.load(session.id),
};
