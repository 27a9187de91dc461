import type { NotificationResolvers } from '../__generated__/resolvers-types';
import * as notifications from '../notifications/notifications';

export const Notification: NotificationResolvers = {
  __resolveReference: (reference, ctx) => notifications.notificationReference(ctx, reference),
  read: (notification, _args, ctx) => notifications.isRead(ctx, notification),
  actor: (notification, _args, ctx) => notifications.actor(ctx, notification),
  session: (notification, _args, ctx) => notifications.session(ctx, notification),
  climb: (notification, _args, ctx) => notifications.climb(ctx, notification),
  // References the gyms subgraph resolves through the router.
  route: (notification) => notifications.route(notification),
  gym: (notification) => notifications.gym(notification),
};
