import type { QueryResolvers } from '../__generated__/resolvers-types';
import * as logbookExport from '../logbook-export';
import * as revocations from '../revocations';
import * as sessions from '../sessions';
import * as users from '../users';

export const Query: QueryResolvers = {
  me: (_parent, _args, ctx) => users.me(ctx),
  user: (_parent, args, ctx) => users.user(ctx, args),
  session: (_parent, args, ctx) => sessions.session(ctx, args),
  _tokenRevocations: (_parent, args, ctx) => revocations.tokenRevocations(ctx, args),
  exportLogbook: (_parent, args, ctx) => logbookExport.exportLogbook(ctx, args),
};
