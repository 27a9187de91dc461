import type { GymStaffMemberResolvers } from '../__generated__/resolvers-types';
import * as gyms from '../gyms/gyms';
import * as staff from '../staff/staff';

export const GymStaffMember: GymStaffMemberResolvers = {
  user: (member) => staff.userOf(member),
  gym: (member, _args, ctx) => gyms.gymOf(ctx, member),
  addedAt: (member) => member.createdAt,
};
