import { withInput } from '@clmb/common';
import type { MutationResolvers } from '../__generated__/resolvers-types';
import * as accounts from '../accounts/accounts';
import * as climbs from '../logbook/climbs';
import * as admin from '../accounts/admin';
import * as devices from '../accounts/devices';
import * as logbookImport from '../logbook/logbook-import';
import * as notifications from '../notifications/notifications';
import * as routesComingDown from '../notifications/routes-coming-down';
import * as profile from '../accounts/profile';
import * as projects from '../projects/projects';
import * as ratings from '../community/ratings';
import * as refreshTokens from '../accounts/refresh-tokens';
import * as passwordReset from '../accounts/password-reset';
import * as preferences from '../accounts/preferences';
import * as verification from '../accounts/verification';
import * as sessions from '../logbook/sessions';
import * as social from '../social/social';
import * as comments from '../reactions/comments';
import * as kudos from '../reactions/kudos';

// Validation, access rules and writes live in the modules called here; resolvers only route.
export const Mutation: MutationResolvers = {
  signUp: withInput(accounts.signUp),
  logIn: withInput(accounts.logIn),
  logInWithGoogle: withInput(accounts.logInWithGoogle),
  changePassword: withInput(accounts.changePassword),
  refreshToken: withInput(refreshTokens.refreshToken),
  logOut: withInput(refreshTokens.logOut),
  revokeDevice: withInput(devices.revokeDevice),
  updateProfile: withInput(profile.updateProfile),
  changeEmail: withInput(profile.changeEmail),
  deleteAccount: withInput(profile.deleteAccount),
  setUserRole: withInput(admin.setUserRole),
  disableUser: withInput(admin.disableUser),
  verifyEmail: withInput(verification.verifyEmail),
  resendVerificationEmail: (_parent, _args, ctx) => verification.resendVerificationEmail(ctx),
  requestPasswordReset: withInput(passwordReset.requestPasswordReset),
  resetPassword: withInput(passwordReset.resetPassword),
  logOutEverywhere: (_parent, _args, ctx) => devices.logOutEverywhere(ctx),

  startSession: withInput(sessions.startSession),
  updateSession: withInput(sessions.updateSession),
  endSession: withInput(sessions.endSession),
  deleteSession: withInput(sessions.deleteSession),

  logClimb: withInput(climbs.logClimb),
  updateClimb: withInput(climbs.updateClimb),
  deleteClimb: withInput(climbs.deleteClimb),

  updatePreferences: withInput(preferences.updatePreferences),
  rateRoute: withInput(ratings.rateRoute),
  deleteRating: withInput(ratings.deleteRating),
  addProject: withInput(projects.addProject),
  updateProject: withInput(projects.updateProject),
  removeProject: withInput(projects.removeProject),
  giveKudos: withInput(kudos.giveKudos),
  removeKudos: withInput(kudos.removeKudos),
  addComment: withInput(comments.addComment),
  editComment: withInput(comments.editComment),
  deleteComment: withInput(comments.deleteComment),
  importLogbook: withInput(logbookImport.importLogbook),

  follow: withInput(social.follow),
  unfollow: withInput(social.unfollow),
  acceptFollow: withInput(social.acceptFollow),
  declineFollow: withInput(social.declineFollow),
  removeFollower: withInput(social.removeFollower),
  block: withInput(social.block),
  unblock: withInput(social.unblock),
  markNotificationsRead: withInput(notifications.markNotificationsRead),
  _routesComingDown: (_parent, { routes }, ctx) => routesComingDown.routesComingDown(ctx, routes),
};
