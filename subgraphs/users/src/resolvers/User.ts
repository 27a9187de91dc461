import type { UserResolvers } from '../__generated__/resolvers-types';
import * as devices from '../devices';
import * as users from '../users';

export const User: UserResolvers = {
  __resolveReference: (ref, ctx) => users.userReference(ctx, ref),
  email: (user, _args, ctx) => users.email(ctx, user),
  sessions: (user, args, ctx) => users.sessions(ctx, user, args),
  stats: (user, _args, ctx) => users.stats(ctx, user),
  devices: (user, _args, ctx) => devices.devices(ctx, user),
};
