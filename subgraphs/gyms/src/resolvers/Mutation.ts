import { withInput } from '@clmb/common';
import type { MutationResolvers } from '../__generated__/resolvers-types';
import * as renewVotes from '../feedback/renew-votes';
import * as reports from '../feedback/reports';
import * as gradeSystems from '../grades/grade-systems';
import * as gyms from '../gyms/gyms';
import * as routeTags from '../routes/route-tags';
import * as gradeTargets from '../planning/grade-targets';
import * as routes from '../routes/routes';
import * as stripPlan from '../routes/strip-plan';
import * as walls from '../routes/walls';
import * as invitations from '../staff/invitations';
import * as staff from '../staff/staff';

// Validation, authorization, rules and loader priming live in the entity modules; resolvers only route.
export const Mutation: MutationResolvers = {
  createGradeSystem: withInput(gradeSystems.createGradeSystem),

  createGym: withInput(gyms.createGym),
  updateGym: withInput(gyms.updateGym),
  archiveGym: withInput(gyms.archiveGym),

  createRoute: withInput(routes.createRoute),
  updateRoute: withInput(routes.updateRoute),
  stripRoute: withInput(routes.stripRoute),
  planStrip: withInput(stripPlan.planStrip),
  voteRouteTags: withInput(routeTags.voteRouteTags),

  createWall: withInput(walls.createWall),
  updateWall: withInput(walls.updateWall),
  setWallGradeTargets: withInput(gradeTargets.setWallGradeTargets),

  voteRenew: (_parent, { routeId }, ctx) => renewVotes.voteRenew(ctx, routeId),
  withdrawRenewVote: (_parent, { routeId }, ctx) => renewVotes.withdrawRenewVote(ctx, routeId),
  reportRoute: withInput(reports.reportRoute),
  resolveRouteReport: withInput(reports.resolveRouteReport),

  addGymStaff: withInput(staff.addGymStaff),
  updateGymStaff: withInput(staff.updateGymStaff),
  removeGymStaff: withInput(staff.removeGymStaff),
  inviteGymStaff: withInput(invitations.inviteGymStaff),
  acceptGymStaffInvitation: (_parent, { id }, ctx) => invitations.acceptGymStaffInvitation(ctx, id),
  declineGymStaffInvitation: (_parent, { id }, ctx) => invitations.declineGymStaffInvitation(ctx, id),
  cancelGymStaffInvitation: (_parent, { id }, ctx) => invitations.cancelGymStaffInvitation(ctx, id),
  _adoptLegacySetters: (_parent, { userIds }, ctx) => staff.adoptLegacySetters(ctx, userIds),
};
