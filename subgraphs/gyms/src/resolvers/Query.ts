import type { QueryResolvers } from '../__generated__/resolvers-types';
import * as reports from '../feedback/reports';
import * as gradeSystems from '../grades/grade-systems';
import * as gyms from '../gyms/gyms';
import * as resetPlans from '../planning/reset-plan';
import * as routes from '../routes/routes';
import * as walls from '../routes/walls';
import * as invitations from '../staff/invitations';
import * as staff from '../staff/staff';

export const Query: QueryResolvers = {
  gym: (_parent, { id }, ctx) => gyms.gym(ctx, id),
  gymBySlug: (_parent, { slug }, ctx) => gyms.gymBySlug(ctx, slug),
  gyms: (_parent, args, ctx) => gyms.listGyms(ctx, args),
  gradeSystems: (_parent, _args, ctx) => gradeSystems.gradeSystems(ctx),
  gradeSystem: (_parent, { id }, ctx) => gradeSystems.gradeSystem(ctx, id),
  route: (_parent, { id }, ctx) => routes.route(ctx, id),
  wall: (_parent, { id }, ctx) => walls.wall(ctx, id),
  myRouteReports: (_parent, args, ctx) => reports.myRouteReports(ctx, args),
  planReset: (_parent, { wallId }, ctx) => resetPlans.planReset(ctx, wallId),
  myStaffInvitations: (_parent, args, ctx) => invitations.myStaffInvitations(ctx, args),
  _isStaff: (_parent, { userId }, ctx) => staff.isStaff(ctx, userId),
};
