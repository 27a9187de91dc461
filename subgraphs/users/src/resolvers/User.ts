import type { UserResolvers } from '../__generated__/resolvers-types';
import * as devices from '../accounts/devices';
import * as preferences from '../accounts/preferences';
import * as projects from '../projects/project-fields';
import * as stats from '../stats/stats';
import * as users from '../accounts/users';

export const User: UserResolvers = {
  __resolveReference: (ref, ctx) => users.userReference(ctx, ref),
  email: (user, _args, ctx) => users.email(ctx, user),
  firstName: (user, _args, ctx) => users.detail(ctx, user, 'firstName'),
  lastName: (user, _args, ctx) => users.detail(ctx, user, 'lastName'),
  role: (user) => users.role(user),
  sessions: (user, args, ctx) => users.sessions(ctx, user, args),
  updatedAt: (user) => user.profileModifiedAt,
  stats: (user, args, ctx) => stats.stats(ctx, user, args),
  preferences: (user, _args, ctx) => preferences.preferences(ctx, user),
  devices: (user, _args, ctx) => devices.devices(ctx, user),
  projects: (user, args, ctx) => projects.userProjects(ctx, user, args),
};
