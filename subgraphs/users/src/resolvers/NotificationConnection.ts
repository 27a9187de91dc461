import type { NotificationConnectionResolvers } from '../__generated__/resolvers-types';
import * as notifications from '../notifications/notifications';

export const NotificationConnection: NotificationConnectionResolvers = {
  unreadCount: (connection, _args, ctx) => notifications.unreadCount(ctx, connection),
};
