import type { UserResolvers } from '../__generated__/resolvers-types';
import * as staff from '../staff/staff';

export const User: UserResolvers = {
  __resolveReference: (reference) => staff.userReference(reference),
  staffRoles: (user, _args, ctx) => staff.staffRolesOf(ctx, user),
};
