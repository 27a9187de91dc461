import type { GymStaffInvitationResolvers } from '../__generated__/resolvers-types';
import * as gyms from '../gyms/gyms';
import * as invitations from '../staff/invitations';

export const GymStaffInvitation: GymStaffInvitationResolvers = {
  gym: (invitation, _args, ctx) => gyms.gymOf(ctx, invitation),
  status: (invitation) => invitations.statusOf(invitation),
  invitedBy: (invitation) => invitations.invitedByOf(invitation),
};
