/**
 * The app's half of clmb, for Apollo Client 4:
 * - `typePolicies` for `new InMemoryCache({ typePolicies })`;
 * - a typed document for every operation in schema/operations/ (`LogbookDocument` ...);
 * - `update` functions for the mutations whose result cannot update the cache by itself;
 * - `authLink`, which refreshes an expired token and retries;
 * - `trustedDocumentsLink`, which sends each operation by its id in the trusted documents;
 * - `liveLink` and `splitLink`: subscriptions over graphql-ws with the same token, the rest over HTTP.
 * Screens that may get a partial FORBIDDEN (another user's profile with their sessions) query
 * with `errorPolicy: 'all'`, so the public part still renders next to the error.
 */
export * from './__generated__/operations';
export { authLink, type AuthLinkOptions } from './auth-link';
export {
  addAddedProject,
  addAddedStaff,
  addReportedRoute,
  addStartedSession,
  projectMoved,
  removeDeletedClimb,
  removeDeletedSession,
  removeRemovedProject,
  removeRemovedStaff,
  replannedStrip,
  replannedWall,
  resolvedReportOutOfQueue,
} from './cache-updates';
export {
  acceptedFollow,
  addedComment,
  addFeedItem,
  addNotification,
  blocked,
  declinedFollow,
  deletedComment,
  followed,
  gaveKudos,
  markedNotificationsRead,
  removedFollower,
  removedKudos,
  unblocked,
  unfollowed,
} from './social';
export { addSentInvitation, removeAnsweredInvitation, removeCancelledInvitation } from './staff-invitations';
export { type LiveLinkOptions, liveLink, splitLink } from './live-link';
export { adjustStats, type StatsDelta } from './stats';
export { trustedDocumentsLink } from './trusted-documents';
export { connection, typePolicies } from './type-policies';
