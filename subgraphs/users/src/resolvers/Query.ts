import type { QueryResolvers } from '../__generated__/resolvers-types';
import * as feed from '../feed/feed';
import * as leaderboards from '../community/leaderboards';
import * as logbookExport from '../logbook/logbook-export';
import * as notifications from '../notifications/notifications';
import * as revocations from '../accounts/revocations';
import * as sessions from '../logbook/sessions';
import * as social from '../social/social-fields';
import * as users from '../accounts/users';

export const Query: QueryResolvers = {
  me: (_parent, _args, ctx, info) => users.me(ctx, info),
  user: (_parent, args, ctx) => users.user(ctx, args),
  session: (_parent, args, ctx) => sessions.session(ctx, args),
  feedItem: (_parent, args, ctx) => feed.feedItem(ctx, args),
  leaderboard: (_parent, args, ctx) => leaderboards.gymLeaderboard(ctx, args),
  _userIdByLogin: (_parent, args, ctx) => users.userIdByLogin(ctx, args),
  _tokenRevocations: (_parent, args, ctx) => revocations.tokenRevocations(ctx, args),
  exportLogbook: (_parent, args, ctx) => logbookExport.exportLogbook(ctx, args),
  searchUsers: (_parent, args, ctx) => social.searchUsers(ctx, args),
  notification: (_parent, args, ctx) => notifications.notification(ctx, args),
};
