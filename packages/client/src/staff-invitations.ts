import type { ApolloCache, Reference } from '@apollo/client/cache';
import type {
  AcceptGymStaffInvitationMutation,
  CancelGymStaffInvitationMutation,
  DeclineGymStaffInvitationMutation,
  InviteGymStaffMutation,
} from './__generated__/operations';

/*
 * `update` functions for staff invitations (schema/operations/staff-invitations.graphql). An
 * answered or cancelled invitation is no longer open, so it leaves the open lists it is cached in;
 * the lists of other statuses are read again when next shown.
 */

type Edge = { node: Reference } & Record<string, unknown>;
type Connection = { edges?: Edge[] } & Record<string, unknown>;

const without = (connection: Connection, ref: string): Connection => {
  const edges = connection.edges?.filter((edge) => edge.node.__ref !== ref);
  return edges && edges.length !== connection.edges?.length ? { ...connection, edges } : connection;
};

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
  cache.modify({ id: 'ROOT_QUERY', fields: { myStaffInvitations: (value) => (value?.edges ? without(value, ref) : value) } });
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
    fields: { staffInvitations: (value, { storeFieldName }) => (value?.edges && isPendingList(storeFieldName) ? without(value, ref) : value) },
  });
}

/** inviteGymStaff: to the front of its gym's cached PENDING `staffInvitations` (newest first), once. */
export function addSentInvitation(cache: ApolloCache, { data }: { data?: InviteGymStaffMutation | null }): void {
  const invitation = data?.inviteGymStaff;
  if (!invitation) return;
  const node = { __ref: cache.identify(invitation)! };
  cache.modify({
    id: cache.identify(invitation.gym)!,
    fields: {
      staffInvitations: (value, { storeFieldName }) => {
        if (!value?.edges || !isPendingList(storeFieldName) || value.edges.some((edge: Edge) => edge.node.__ref === node.__ref)) return value;
        // No cursor (the mutation answers an invitation, not an edge); pages follow `pageInfo.endCursor`, which stays the last edge's.
        return { ...value, edges: [{ __typename: 'GymStaffInvitationEdge', cursor: '', node }, ...value.edges] };
      },
    },
  });
}
