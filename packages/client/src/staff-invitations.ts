import type { ApolloCache, Reference } from '@apollo/client/cache';
import type {
  AcceptGymStaffInvitationMutation,
  CancelGymStaffInvitationMutation,
  DeclineGymStaffInvitationMutation,
  InviteGymStaffMutation,
} from './__generated__/operations';
import { withNodeFirst, withoutNode } from './cache-updates';

/*
 * `update` functions for staff invitations (schema/operations/staff-invitations.graphql). An
 * answered or cancelled invitation is no longer open, so it leaves the open lists it is cached in;
 * the lists of other statuses are read again when next shown.
 */

/** A `staffInvitations` storage key of the PENDING list: `status` left at its default, or PENDING. */
const isPendingList = (storeFieldName: string) => !/"status":"(?!PENDING")/.test(storeFieldName);

/** acceptGymStaffInvitation, declineGymStaffInvitation: off the viewer's cached `myStaffInvitations`; accepting also drops their cached `staffRoles`. */
export function removeAnsweredInvitation(
  cache: ApolloCache,
  { data }: { data?: AcceptGymStaffInvitationMutation | DeclineGymStaffInvitationMutation | null },
  { variables }: { variables?: { id: string } | undefined } = {},
): void {
  if (!data || !variables?.id) return;
  const ref = cache.identify({ __typename: 'GymStaffInvitation', id: variables.id })!;
  cache.modify({ id: 'ROOT_QUERY', fields: { myStaffInvitations: (value) => (value?.edges ? withoutNode(value, ref) : value) } });
  if ('acceptGymStaffInvitation' in data && data.acceptGymStaffInvitation) {
    cache.evict({ id: cache.identify(data.acceptGymStaffInvitation.user)!, fieldName: 'staffRoles' });
  }
}

/** cancelGymStaffInvitation: off its gym's cached PENDING `staffInvitations`. */
export function removeCancelledInvitation(cache: ApolloCache, { data }: { data?: CancelGymStaffInvitationMutation | null }): void {
  const invitation = data?.cancelGymStaffInvitation;
  if (!invitation) return;
  const ref = cache.identify(invitation)!;
  cache.modify({
    id: cache.identify(invitation.gym)!,
    fields: { staffInvitations: (value, { storeFieldName }) => (value?.edges && isPendingList(storeFieldName) ? withoutNode(value, ref) : value) },
  });
}

/** inviteGymStaff: to the front of its gym's cached PENDING `staffInvitations` (newest first), once. */
export function addSentInvitation(cache: ApolloCache, { data }: { data?: InviteGymStaffMutation | null }): void {
  const invitation = data?.inviteGymStaff;
  if (!invitation) return;
  const node = { __ref: cache.identify(invitation)! } as Reference;
  cache.modify({
    id: cache.identify(invitation.gym)!,
    fields: {
      staffInvitations: (value, { storeFieldName }) => (value && isPendingList(storeFieldName) ? withNodeFirst(value, node, 'GymStaffInvitationEdge') : value),
    },
  });
}
