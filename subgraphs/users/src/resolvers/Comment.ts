import type { CommentResolvers } from '../__generated__/resolvers-types';
import * as comments from '../reactions/comments';

export const Comment: CommentResolvers = {
  author: (comment, _args, ctx) => comments.commentAuthor(ctx, comment),
  session: (comment, _args, ctx) => comments.commentSession(ctx, comment),
};
