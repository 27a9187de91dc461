import type { GymStaffRoleResolvers } from '../__generated__/resolvers-types';
import * as gyms from '../gyms/gyms';

export const GymStaffRole: GymStaffRoleResolvers = {
  gym: (member, _args, ctx) => gyms.gymOf(ctx, member),
};
