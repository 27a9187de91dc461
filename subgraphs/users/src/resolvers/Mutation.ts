import type { MutationResolvers } from '../__generated__/resolvers-types';
import * as accounts from '../accounts';
import * as climbs from '../climbs';
import * as admin from '../admin';
import * as devices from '../devices';
import * as profile from '../profile';
import * as passwordReset from '../password-reset';
import * as verification from '../verification';
import * as sessions from '../sessions';

// Validation, access rules and writes live in the modules called here; resolvers only route.
export const Mutation: MutationResolvers = {
  signUp: (_parent, { input }, ctx) => accounts.signUp(ctx, input),
  logIn: (_parent, { input }, ctx) => accounts.logIn(ctx, input),
  logInWithGoogle: (_parent, { input }, ctx) => accounts.logInWithGoogle(ctx, input),
  changePassword: (_parent, { input }, ctx) => accounts.changePassword(ctx, input),
  refreshToken: (_parent, { input }, ctx) => accounts.refreshToken(ctx, input),
  logOut: (_parent, { input }, ctx) => accounts.logOut(ctx, input),
  revokeDevice: (_parent, { input }, ctx) => devices.revokeDevice(ctx, input),
  updateProfile: (_parent, { input }, ctx) => profile.updateProfile(ctx, input),
  changeEmail: (_parent, { input }, ctx) => profile.changeEmail(ctx, input),
  deleteAccount: (_parent, { input }, ctx) => profile.deleteAccount(ctx, input),
  setUserRole: (_parent, { input }, ctx) => admin.setUserRole(ctx, input),
  disableUser: (_parent, { input }, ctx) => admin.disableUser(ctx, input),
  verifyEmail: (_parent, { input }, ctx) => verification.verifyEmail(ctx, input),
  resendVerificationEmail: (_parent, _args, ctx) => verification.resendVerificationEmail(ctx),
  requestPasswordReset: (_parent, { input }, ctx) => passwordReset.requestPasswordReset(ctx, input),
  resetPassword: (_parent, { input }, ctx) => passwordReset.resetPassword(ctx, input),
  logOutEverywhere: (_parent, _args, ctx) => devices.logOutEverywhere(ctx),

  startSession: (_parent, { input }, ctx) => sessions.startSession(ctx, input),
  updateSession: (_parent, { input }, ctx) => sessions.updateSession(ctx, input),
  endSession: (_parent, { input }, ctx) => sessions.endSession(ctx, input),
  deleteSession: (_parent, { input }, ctx) => sessions.deleteSession(ctx, input),

  logClimb: (_parent, { input }, ctx) => climbs.logClimb(ctx, input),
  updateClimb: (_parent, { input }, ctx) => climbs.updateClimb(ctx, input),
  deleteClimb: (_parent, { input }, ctx) => climbs.deleteClimb(ctx, input),
};
