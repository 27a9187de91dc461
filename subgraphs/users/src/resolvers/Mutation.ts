import type { MutationResolvers } from '../__generated__/resolvers-types';
import type { AuthPayloadParent } from '../auth/tokens';
import * as climbs from '../climbs';
import type { Context } from '../context';
import * as sessions from '../sessions';

// Whoever just proved who they are reads their payload's user as themselves (email, sessions),
// whatever token came with the request; the rest of the operation keeps the request's viewer.
function actAs(ctx: Context, payload: AuthPayloadParent): AuthPayloadParent {
  ctx.authenticated.add(payload.user);
  return payload;
}

// Validation, access rules and writes live in the modules called here; resolvers only route.
export const Mutation: MutationResolvers = {
  signUp: async (_parent, { input }, ctx) => actAs(ctx, await ctx.accounts.signUp(input, ctx.clientAddress)),
  logIn: async (_parent, { input }, ctx) => actAs(ctx, await ctx.accounts.logIn(input, ctx.clientAddress)),
  logInWithGoogle: async (_parent, { input }, ctx) => actAs(ctx, await ctx.accounts.logInWithGoogle(input, ctx.clientAddress)),
  changePassword: async (_parent, { input }, ctx) => actAs(ctx, await ctx.accounts.changePassword(ctx.viewer, input)),
  refreshToken: async (_parent, { input }, ctx) => actAs(ctx, await ctx.accounts.refresh(input)),
  logOut: (_parent, { input }, ctx) => ctx.accounts.logOut(input),

  startSession: (_parent, { input }, ctx) => sessions.startSession(ctx, input),
  updateSession: (_parent, { input }, ctx) => sessions.updateSession(ctx, input),
  endSession: (_parent, { input }, ctx) => sessions.endSession(ctx, input),
  deleteSession: (_parent, { input }, ctx) => sessions.deleteSession(ctx, input),

  logClimb: (_parent, { input }, ctx) => climbs.logClimb(ctx, input),
  updateClimb: (_parent, { input }, ctx) => climbs.updateClimb(ctx, input),
  deleteClimb: (_parent, { input }, ctx) => climbs.deleteClimb(ctx, input),
};
