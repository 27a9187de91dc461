import type { GymResolvers } from '../__generated__/resolvers-types';
import * as reports from '../feedback/reports';
import * as gradeSystems from '../grades/grade-systems';
import * as gyms from '../gyms/gyms';
import * as routes from '../routes/routes';
import * as stripPlan from '../routes/strip-plan';
import * as setters from '../routes/setters';
import * as walls from '../routes/walls';
import * as invitations from '../staff/invitations';
import * as staff from '../staff/staff';

export const Gym: GymResolvers = {
  __resolveReference: (reference, ctx) => gyms.gymByReference(ctx, reference),
  gradeSystem: (gym, _args, ctx) => gradeSystems.gradeSystemOf(ctx, gym),
  routes: (gym, args, ctx) => routes.routesOfGym(ctx, gym, args),
  routesComingDown: (gym, args, ctx) => stripPlan.routesComingDown(ctx, gym, args),
  walls: (gym, _args, ctx) => walls.wallsOfGym(ctx, gym),
  reports: (gym, args, ctx) => reports.reportsOfGym(ctx, gym, args),
  setterRoutes: (gym, _args, ctx) => setters.setterRoutesOfGym(ctx, gym),
  updatedAt: (gym) => gym.modifiedAt,
  staff: (gym, args, ctx) => staff.staffOfGym(ctx, gym, args),
  staffInvitations: (gym, args, ctx) => invitations.invitationsOfGym(ctx, gym, args),
};
