import type { ClimbResolvers } from '../__generated__/resolvers-types';
import * as climbs from '../logbook/climbs';

export const Climb: ClimbResolvers = {
  __resolveReference: (ref, ctx) => climbs.climbReference(ctx, ref),
  session: (climb, _args, ctx) => climbs.climbSession(ctx, climb),
  // A reference the gyms subgraph resolves through the router.
  route: (climb) => ({ __typename: 'Route', id: climb.routeId }),
  // The frozen grade, a reference the gyms subgraph resolves.
  grade: (climb) => (climb.gradeId ? { __typename: 'Grade', id: climb.gradeId } : null),
  updatedAt: (climb) => climb.modifiedAt,
};
