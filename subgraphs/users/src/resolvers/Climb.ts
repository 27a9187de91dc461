import { ref } from '@clmb/common';
import type { ClimbResolvers } from '../__generated__/resolvers-types';
import * as climbs from '../logbook/climbs';
import * as kudos from '../reactions/kudos';

export const Climb: ClimbResolvers = {
  __resolveReference: (reference, ctx) => climbs.climbReference(ctx, reference),
  session: (climb, _args, ctx) => climbs.climbSession(ctx, climb),
  // A reference the gyms subgraph resolves through the router.
  route: (climb) => ref('Route', climb.routeId),
  // The frozen grade, a reference the gyms subgraph resolves.
  grade: (climb) => ref('Grade', climb.gradeId),
  updatedAt: (climb) => climb.modifiedAt,
  kudosCount: (climb, _args, ctx) => kudos.climbKudosCount(ctx, climb),
  viewerHasKudoed: (climb, _args, ctx) => kudos.climbViewerHasKudoed(ctx, climb),
  visibility: (climb, _args, ctx) => climbs.climbVisibility(ctx, climb),
};
