import { ref } from '@clmb/common';
import type { SessionResolvers } from '../__generated__/resolvers-types';
import * as climbs from '../logbook/climbs';
import * as sessionSummary from '../logbook/session-summary';
import * as sessions from '../logbook/sessions';
import * as comments from '../reactions/comments';
import * as kudos from '../reactions/kudos';

export const Session: SessionResolvers = {
  __resolveReference: (reference, ctx) => sessions.sessionReference(ctx, reference),
  user: (session, _args, ctx) => sessions.sessionUser(ctx, session),
  // A reference the gyms subgraph resolves through the router.
  gym: (session) => ref('Gym', session.gymId),
  updatedAt: (session) => session.modifiedAt,
  visibility: (session, _args, ctx) => sessions.sessionVisibility(ctx, session),
  summary: (session, _args, ctx) => sessionSummary.summary(ctx, session),
  duration: (session) => sessions.duration(session),
  climbs: (session, _args, ctx) => climbs.sessionClimbs(ctx, session),
  kudosCount: (session, _args, ctx) => kudos.sessionKudosCount(ctx, session),
  viewerHasKudoed: (session, _args, ctx) => kudos.sessionViewerHasKudoed(ctx, session),
  comments: (session, args, ctx) => comments.sessionComments(ctx, session, args),
  commentCount: (session, _args, ctx) => comments.sessionCommentCount(ctx, session),
};
