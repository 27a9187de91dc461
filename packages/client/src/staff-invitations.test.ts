import { InMemoryCache } from '@apollo/client';
import { describe, expect, it } from 'vitest';
import { parse } from 'graphql';
import {
  GymStaffInvitationsDocument,
  type GymStaffInvitationsQuery,
  InviteGymStaffDocument,
  MyStaffInvitationsDocument,
  type MyStaffInvitationsQuery,
} from './__generated__/operations';
import { addSentInvitation, removeAnsweredInvitation, removeCancelledInvitation } from './staff-invitations';
import { typePolicies } from './type-policies';

const gym = { __typename: 'Gym' as const, id: 'g1', name: 'Gym 1' };
const invitation = (id: string) => ({
  __typename: 'GymStaffInvitation' as const,
  id,
  login: `${id}***@example.com`,
  role: 'SETTER' as const,
  status: 'PENDING' as const,
  createdAt: '2026-12-01T00:00:00.000Z',
  expiresAt: '2026-12-15T00:00:00.000Z',
  respondedAt: null,
  gym,
});
const pageInfo = { __typename: 'PageInfo' as const, hasNextPage: false, endCursor: 'c' };

describe('staff invitations in the cache (typePolicies and updates)', () => {
  it('takes an answered invitation off myStaffInvitations, and accepting drops the cached staffRoles', () => {
    const cache = new InMemoryCache({ typePolicies });
    const mine: MyStaffInvitationsQuery = {
      myStaffInvitations: {
        __typename: 'GymStaffInvitationConnection',
        pageInfo,
        edges: ['a', 'b'].map((id) => ({ __typename: 'GymStaffInvitationEdge', cursor: id, node: { ...invitation(id), invitedBy: { __typename: 'User', id: 'u0', username: 'owner' } } })),
      },
    };
    cache.writeQuery({ query: MyStaffInvitationsDocument, data: mine });
    cache.writeFragment({ id: 'User:u1', fragment: parse('fragment R on User { id staffRoles { role } }'), data: { __typename: 'User', id: 'u1', staffRoles: [] } });
    removeAnsweredInvitation(
      cache,
      { data: { acceptGymStaffInvitation: { __typename: 'GymStaffMember', role: 'SETTER', addedAt: '2026-12-02T00:00:00.000Z', gym, user: { __typename: 'User', id: 'u1' } } } },
      { variables: { id: 'a' } },
    );
    expect(cache.readQuery({ query: MyStaffInvitationsDocument })!.myStaffInvitations.edges.map((e) => e.node.id)).toEqual(['b']);
    expect((cache.extract() as Record<string, Record<string, unknown>>)['User:u1']).not.toHaveProperty('staffRoles');
  });

  it("puts a sent invitation at the front of its gym's PENDING list once, and takes a cancelled one off", () => {
    const cache = new InMemoryCache({ typePolicies });
    const list = (ids: string[]): GymStaffInvitationsQuery => ({
      gym: { __typename: 'Gym', id: 'g1', staffInvitations: { __typename: 'GymStaffInvitationConnection', pageInfo, edges: ids.map((id) => ({ __typename: 'GymStaffInvitationEdge', cursor: id, node: invitation(id) })) } },
    });
    cache.writeQuery({ query: GymStaffInvitationsDocument, variables: { gymId: 'g1' }, data: list(['a']) });
    cache.writeQuery({ query: GymStaffInvitationsDocument, variables: { gymId: 'g1', status: 'DECLINED' }, data: list([]) });
    const ids = (status?: 'DECLINED') => cache.readQuery({ query: GymStaffInvitationsDocument, variables: { gymId: 'g1', ...(status ? { status } : {}) } })!.gym!.staffInvitations!.edges.map((e) => e.node.id);
    // Apollo writes the mutation's result before it calls `update`.
    const sent = { inviteGymStaff: invitation('b') };
    cache.writeQuery({ query: InviteGymStaffDocument, variables: { input: { gymId: 'g1', login: 'b', role: 'SETTER' } }, data: sent });
    addSentInvitation(cache, { data: sent });
    addSentInvitation(cache, { data: sent });
    expect([ids(), ids('DECLINED')]).toEqual([['b', 'a'], []]);
    removeCancelledInvitation(cache, { data: { cancelGymStaffInvitation: { __typename: 'GymStaffInvitation', id: 'a', status: 'CANCELLED', respondedAt: '2026-12-02T00:00:00.000Z', gym: { __typename: 'Gym', id: 'g1' } } } });
    expect(ids()).toEqual(['b']);
  });
});
