import * as feed from '../feed/feed';
import type { UserResolvers } from '../__generated__/resolvers-types';
import * as devices from '../accounts/devices';
import * as preferences from '../accounts/preferences';
import * as notifications from '../notifications/notifications';
import * as projects from '../projects/project-fields';
import * as social from '../social/social-fields';
import * as stats from '../stats/stats';
import * as users from '../accounts/users';

export const User: UserResolvers = {
  __resolveReference: (ref, ctx) => users.userReference(ctx, ref),
  email: (user, _args, ctx) => users.email(ctx, user),
  firstName: (user, _args, ctx) => users.detail(ctx, user, 'firstName'),
  lastName: (user, _args, ctx) => users.detail(ctx, user, 'lastName'),
  role: (user) => users.role(user),
  sessions: (user, args, ctx, info) => users.sessions(ctx, user, args, info),
  feed: (user, args, ctx) => feed.feed(ctx, user, args),
  updatedAt: (user) => user.profileModifiedAt,
  stats: (user, args, ctx) => stats.stats(ctx, user, args),
  preferences: (user, _args, ctx) => preferences.preferences(ctx, user),
  devices: (user, _args, ctx) => devices.devices(ctx, user),
  projects: (user, args, ctx) => projects.userProjects(ctx, user, args),
  followers: (user, args, ctx) => social.followers(ctx, user, args),
  following: (user, args, ctx) => social.following(ctx, user, args),
  followerCount: (user, _args, ctx) => social.followerCount(ctx, user),
  followingCount: (user, _args, ctx) => social.followingCount(ctx, user),
  viewerFollowStatus: (user, _args, ctx) => social.viewerFollowStatus(ctx, user),
  followsYou: (user, _args, ctx) => social.followsYou(ctx, user),
  followRequests: (user, args, ctx) => social.followRequests(ctx, user, args),
  blockedUsers: (user, args, ctx) => social.blockedUsers(ctx, user, args),
  notifications: (user, args, ctx) => notifications.userNotifications(ctx, user, args),
};
