import { InMemoryCache } from '@apollo/client';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  BlockedUsersDocument,
  FeedDocument,
  type FeedQuery,
  FollowersDocument,
  FollowingDocument,
  FollowRequestsDocument,
  MarkNotificationsReadDocument,
  type MarkNotificationsReadMutation,
  NotificationAddedDocument,
  type NotificationAddedSubscription,
  NotificationsDocument,
  type NotificationsQuery,
  SearchClimbersDocument,
  SessionSocialDocument,
  type SessionSocialQuery,
  UnreadNotificationsDocument,
} from './__generated__/operations';
import {
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
import { typePolicies } from './type-policies';

const pageInfo = (hasNextPage = false, endCursor: string | null = 'end') => ({ __typename: 'PageInfo' as const, hasNextPage, endCursor });
const user = (id: string, viewerFollowStatus: 'NONE' | 'REQUESTED' | 'FOLLOWING' | 'BLOCKED' | null = 'NONE') => ({
  __typename: 'User' as const,
  id,
  username: `climber_${id}`,
  viewerFollowStatus,
  followsYou: false,
});
const followPage = (ids: string[]) => ({
  __typename: 'FollowConnection' as const,
  pageInfo: pageInfo(),
  edges: ids.map((id) => ({ __typename: 'FollowEdge' as const, since: '2026-12-01T00:00:00.000Z', node: user(id) })),
});
const COUNTS = parse('fragment Counts on User { id followerCount followingCount }');
const counts = (cache: InMemoryCache, id = 'me') => cache.readFragment<{ followerCount: number | null; followingCount: number | null }>({ id: `User:${id}`, fragment: COUNTS });

/** A cache that knows the viewer (`me`), their counts, their follow lists and requests. */
function socialCache(lists: { followers?: string[]; following?: string[]; requests?: string[] } = {}) {
  const cache = new InMemoryCache({ typePolicies });
  cache.writeQuery({ query: FollowRequestsDocument, data: { me: { __typename: 'User', id: 'me', followRequests: followPage(lists.requests ?? []) } } });
  cache.writeQuery({ query: FollowersDocument, variables: { id: 'me' }, data: { user: { __typename: 'User', id: 'me', followers: followPage(lists.followers ?? []) } } });
  cache.writeQuery({ query: FollowingDocument, variables: { id: 'me' }, data: { user: { __typename: 'User', id: 'me', following: followPage(lists.following ?? []) } } });
  cache.writeFragment({ id: 'User:me', fragment: COUNTS, data: { __typename: 'User', id: 'me', followerCount: 10, followingCount: 5 } });
  return cache;
}
const ids = (edges: { node: { id: string } }[] | undefined) => edges?.map((edge) => edge.node.id);
const listOf = (cache: InMemoryCache, list: 'followers' | 'following', id = 'me') => {
  const data = cache.readQuery({ query: list === 'followers' ? FollowersDocument : FollowingDocument, variables: { id } }) as Record<'user', Record<string, { edges: { node: { id: string } }[] }>> | null;
  return ids(data?.user[list]?.edges);
};
const requests = (cache: InMemoryCache) => ids(cache.readQuery({ query: FollowRequestsDocument })?.me?.followRequests?.edges);

describe('following and blocking in the cache', () => {
  it('follow: an accepted follow goes first into your following (since now) and counts; a request changes the status only', () => {
    const cache = socialCache({ following: ['b'] });
    followed(cache, { data: { follow: { __typename: 'FollowPayload', status: 'REQUESTED', user: { ...user('c', 'REQUESTED'), followerCount: 0 } } } });
    expect([listOf(cache, 'following'), counts(cache)?.followingCount]).toEqual([['b'], 5]);
    const data = { follow: { __typename: 'FollowPayload' as const, status: 'FOLLOWING' as const, user: { ...user('a', 'FOLLOWING'), followerCount: 3 } } };
    cache.writeFragment({ id: 'User:a', fragment: parse('fragment F on User { id username viewerFollowStatus followsYou }'), data: data.follow.user });
    followed(cache, { data });
    followed(cache, { data });
    expect([listOf(cache, 'following'), counts(cache)?.followingCount]).toEqual([['a', 'b'], 6]);
    const first = cache.readQuery({ query: FollowingDocument, variables: { id: 'me' } })!.user!.following!.edges[0]!;
    expect(first.node.viewerFollowStatus).toBe('FOLLOWING');
    expect(Date.parse(first.since)).not.toBeNaN();
  });

  it('unfollow: off your following with the count, or the count refetches when the climber was not listed (a withdrawn request)', () => {
    const cache = socialCache({ following: ['a', 'b'] });
    unfollowed(cache, { data: { unfollow: { __typename: 'FollowPayload', status: 'NONE', user: { ...user('a'), followerCount: 2 } } } });
    expect([listOf(cache, 'following'), counts(cache)?.followingCount]).toEqual([['b'], 4]);
    unfollowed(cache, { data: { unfollow: { __typename: 'FollowPayload', status: 'NONE', user: { ...user('z'), followerCount: 2 } } } });
    expect(counts(cache)).toBeNull();
  });

  it('acceptFollow moves the requester into your followers (+1), declineFollow drops the request, removeFollower drops a follower (-1)', () => {
    const cache = socialCache({ followers: ['f'], requests: ['r1', 'r2'] });
    acceptedFollow(cache, { data: { acceptFollow: { ...user('r1'), followsYou: true } } });
    expect([requests(cache), listOf(cache, 'followers'), counts(cache)?.followerCount]).toEqual([['r2'], ['r1', 'f'], 11]);
    declinedFollow(cache, { data: { declineFollow: user('r2') } });
    expect(requests(cache)).toEqual([]);
    removedFollower(cache, { data: { removeFollower: user('f') } });
    expect([listOf(cache, 'followers'), counts(cache)?.followerCount]).toEqual([['r1'], 10]);
  });

  it('block takes the climber out of every cached list (others\' follow lists, search, your feed and notifications) and into blockedUsers; unblock takes them out again', () => {
    const cache = socialCache({ followers: ['x', 'f'], following: ['x'], requests: ['x'] });
    cache.writeQuery({ query: FollowersDocument, variables: { id: 'other' }, data: { user: { __typename: 'User', id: 'other', followers: followPage(['x', 'y']) } } });
    cache.writeQuery({ query: SearchClimbersDocument, variables: { query: 'cl' }, data: { searchUsers: { __typename: 'UserConnection', pageInfo: pageInfo(), edges: ['x', 'y'].map((id) => ({ __typename: 'UserEdge' as const, node: user(id) })) } } });
    cache.writeQuery({ query: BlockedUsersDocument, data: { me: { __typename: 'User', id: 'me', blockedUsers: followPage([]) } } });
    const item = (id: string, actor: string): FeedEdge => ({
      __typename: 'FeedEdge',
      node: { __typename: 'FeedItem', id, kind: 'SESSION_ENDED', createdAt: '2026-12-01T00:00:00.000Z', actor: { __typename: 'User', id: actor, username: `climber_${actor}` }, session: null, climb: null, route: null, rating: null },
    });
    cache.writeQuery({ query: FeedDocument, data: { me: { __typename: 'User', id: 'me', feed: { __typename: 'FeedConnection', pageInfo: pageInfo(), edges: [item('i1', 'x'), item('i2', 'y')] } } } });
    cache.writeQuery({ query: NotificationsDocument, data: notifications([notification('n1', '2026-12-02T00:00:00.000Z', false, 'x'), notification('n2', '2026-12-01T00:00:00.000Z', false, 'y')], 2) });

    const data = { block: user('x', 'BLOCKED') };
    cache.writeFragment({ id: 'User:x', fragment: parse('fragment B on User { id viewerFollowStatus }'), data: data.block });
    blocked(cache, { data });

    expect([listOf(cache, 'followers'), listOf(cache, 'following'), requests(cache), listOf(cache, 'followers', 'other')]).toEqual([['f'], [], [], ['y']]);
    expect(ids(cache.readQuery({ query: SearchClimbersDocument, variables: { query: 'cl' } })!.searchUsers.edges)).toEqual(['y']);
    expect(ids(cache.readQuery({ query: FeedDocument })!.me!.feed!.edges)).toEqual(['i2']);
    expect(ids(cache.readQuery({ query: NotificationsDocument })!.me!.notifications!.edges)).toEqual(['n2']);
    const blockedList = cache.readQuery({ query: BlockedUsersDocument })!.me!.blockedUsers!.edges;
    expect(blockedList.map((edge) => [edge.node.id, edge.node.viewerFollowStatus])).toEqual([['x', 'BLOCKED']]);
    // The block ended follows both ways: the viewer's counts are read again.
    expect(counts(cache)).toBeNull();
    unblocked(cache, { data: { unblock: user('x') } });
    expect(cache.readQuery({ query: BlockedUsersDocument })!.me!.blockedUsers!.edges).toEqual([]);
  });
});

type FeedEdge = NonNullable<NonNullable<FeedQuery['me']>['feed']>['edges'][number];
type NotificationNode = NonNullable<NonNullable<NotificationsQuery['me']>['notifications']>['edges'][number]['node'];
const notification = (id: string, createdAt: string, read = false, actor = 'a'): NotificationNode => ({
  __typename: 'Notification',
  id,
  kind: 'KUDOS',
  createdAt,
  read,
  plannedStripAt: null,
  actor: { __typename: 'User', id: actor, username: `climber_${actor}` },
  session: { __typename: 'Session', id: 's1', name: 'Evening' },
  climb: null,
  route: null,
  gym: null,
});
const notifications = (nodes: NotificationNode[], unreadCount: number, hasNextPage = false, endCursor = 'end'): NotificationsQuery => ({
  me: {
    __typename: 'User',
    id: 'me',
    notifications: { __typename: 'NotificationConnection', unreadCount, pageInfo: pageInfo(hasNextPage, endCursor), edges: nodes.map((node) => ({ __typename: 'NotificationEdge', node })) },
  },
});

describe('a connection the server answers null', () => {
  it('reads null (FORBIDDEN for this viewer), not an empty page without its counts, and a later page replaces it', () => {
    const cache = new InMemoryCache({ typePolicies });
    const forbidden = { user: { __typename: 'User' as const, id: 'x', followers: null } };
    cache.writeQuery({ query: FollowersDocument, variables: { id: 'x' }, data: forbidden });
    expect(cache.readQuery({ query: FollowersDocument, variables: { id: 'x' } })).toEqual(forbidden);
    cache.writeQuery({ query: FollowersDocument, variables: { id: 'x' }, data: { user: { __typename: 'User', id: 'x', followers: followPage(['a']) } } });
    expect(listOf(cache, 'followers', 'x')).toEqual(['a']);
  });
});

describe('notifications in the cache', () => {
  const inbox = (cache: InMemoryCache) => {
    const list = cache.readQuery({ query: NotificationsDocument })!.me!.notifications!;
    return { unread: list.unreadCount, items: list.edges.map((edge) => `${edge.node.id}${edge.node.read ? ' read' : ''}`) };
  };

  it('pages append, a badge of unreadCount shares the list without emptying it, and read never goes back to false', () => {
    const cache = new InMemoryCache({ typePolicies });
    cache.writeQuery({ query: NotificationsDocument, data: notifications([notification('n3', '2026-12-03T00:00:00.000Z')], 3, true, 'c3') });
    cache.writeQuery({ query: NotificationsDocument, variables: { after: 'c3' }, data: notifications([notification('n2', '2026-12-02T00:00:00.000Z'), notification('n1', '2026-12-01T00:00:00.000Z')], 3) });
    expect(inbox(cache)).toEqual({ unread: 3, items: ['n3', 'n2', 'n1'] });
    cache.writeQuery({ query: UnreadNotificationsDocument, data: { me: { __typename: 'User', id: 'me', notifications: { __typename: 'NotificationConnection', unreadCount: 2 } } } });
    expect(inbox(cache)).toEqual({ unread: 2, items: ['n3', 'n2', 'n1'] });
    cache.writeFragment({ id: 'Notification:n1', fragment: parse('fragment R on Notification { id read }'), data: { __typename: 'Notification', id: 'n1', read: true } });
    cache.writeFragment({ id: 'Notification:n1', fragment: parse('fragment R on Notification { id read }'), data: { __typename: 'Notification', id: 'n1', read: false } });
    expect(inbox(cache).items).toEqual(['n3', 'n2', 'n1 read']);
  });

  it('markNotificationsRead: the answer sets unreadCount and its page, the update marks the older cached pages read up to the mark', () => {
    const cache = new InMemoryCache({ typePolicies });
    cache.writeQuery({ query: NotificationsDocument, data: notifications([notification('n4', '2026-12-04T00:00:00.000Z'), notification('n3', '2026-12-03T00:00:00.000Z')], 4, true, 'c3') });
    cache.writeQuery({ query: NotificationsDocument, variables: { after: 'c3' }, data: notifications([notification('n2', '2026-12-02T00:00:00.000Z'), notification('n1', '2026-12-01T00:00:00.000Z')], 4) });
    // The reader marks up to n3, with a first page of 1: the answer holds n4 (unread) and the count.
    const data: MarkNotificationsReadMutation = {
      markNotificationsRead: { __typename: 'User', id: 'me', notifications: { __typename: 'NotificationConnection', unreadCount: 1, edges: [{ __typename: 'NotificationEdge', node: { __typename: 'Notification', id: 'n4', read: false } }] } },
    };
    const variables = { input: { upTo: 'n3' }, first: 1 };
    cache.writeQuery({ query: MarkNotificationsReadDocument, variables, data });
    markedNotificationsRead(cache, { data }, { variables });
    const read = ['n4', 'n3', 'n2', 'n1'].map((id) => cache.readFragment<{ read: boolean }>({ id: `Notification:${id}`, fragment: parse('fragment R on Notification { read }') })?.read);
    expect(read).toEqual([false, true, true, true]);
    expect(cache.readQuery({ query: UnreadNotificationsDocument })!.me!.notifications!.unreadCount).toBe(1);
  });

  it('a NotificationAdded payload goes first into the cached list once and counts as unread', () => {
    const cache = new InMemoryCache({ typePolicies });
    cache.writeQuery({ query: NotificationsDocument, data: notifications([notification('n1', '2026-12-01T00:00:00.000Z')], 1) });
    // Apollo Client writes a subscription's payload to the cache before the app sees it.
    const data: NotificationAddedSubscription = { notificationAdded: notification('n2', '2026-12-02T00:00:00.000Z', false, 'b') };
    cache.writeQuery({ query: NotificationAddedDocument, data });
    addNotification(cache, { data });
    addNotification(cache, { data });
    expect(inbox(cache)).toEqual({ unread: 2, items: ['n2', 'n1'] });
    expect(cache.readQuery({ query: NotificationsDocument })!.me!.notifications!.edges[0]!.node.actor).toEqual({ __typename: 'User', id: 'b', username: 'climber_b' });
  });

  it('a FeedItemAdded payload goes first into the cached feed once', () => {
    const cache = new InMemoryCache({ typePolicies });
    const node = (id: string) => ({ __typename: 'FeedItem' as const, id, kind: 'SESSION_ENDED' as const, createdAt: '2026-12-01T00:00:00.000Z', actor: { __typename: 'User' as const, id: 'a', username: 'climber_a' }, session: null, climb: null, route: null, rating: null });
    cache.writeQuery({ query: FeedDocument, data: { me: { __typename: 'User', id: 'me', feed: { __typename: 'FeedConnection', pageInfo: pageInfo(), edges: [{ __typename: 'FeedEdge', node: node('i1') }] } } } });
    cache.writeFragment({ id: 'FeedItem:i2', fragment: parse('fragment I on FeedItem { id kind createdAt actor { id username } session { id } climb { id } route { id } rating { id } }'), data: node('i2') });
    addFeedItem(cache, { data: { feedItemAdded: { ...node('i2') } } });
    addFeedItem(cache, { data: { feedItemAdded: { ...node('i2') } } });
    expect(ids(cache.readQuery({ query: FeedDocument })!.me!.feed!.edges)).toEqual(['i2', 'i1']);
  });
});

describe('kudos and comments in the cache', () => {
  const comment = (id: string) => ({ __typename: 'Comment' as const, id, body: `comment ${id}`, createdAt: '2026-12-01T00:00:00.000Z', editedAt: null, author: { __typename: 'User' as const, id: 'b', username: 'climber_b' } });
  const social = (commentIds: string[], hasNextPage = false): SessionSocialQuery => ({
    session: {
      __typename: 'Session',
      id: 's1',
      kudosCount: 2,
      viewerHasKudoed: false,
      commentCount: commentIds.length,
      user: { __typename: 'User', id: 'a', username: 'climber_a' },
      climbs: [{ __typename: 'Climb', id: 'c1', kudosCount: 0, viewerHasKudoed: false }],
      comments: { __typename: 'CommentConnection', pageInfo: pageInfo(hasNextPage), edges: commentIds.map((id) => ({ __typename: 'CommentEdge', node: comment(id) })) },
    },
  });
  const read = (cache: InMemoryCache) => cache.readQuery({ query: SessionSocialDocument, variables: { id: 's1' } })!.session!;

  it('giveKudos counts once and sets viewerHasKudoed on the session or the climb; removeKudos undoes it from its input', () => {
    const cache = new InMemoryCache({ typePolicies });
    cache.writeQuery({ query: SessionSocialDocument, variables: { id: 's1' }, data: social([]) });
    const onSession = { giveKudos: { __typename: 'Kudos' as const, id: 'k1', createdAt: '2026-12-01T00:00:00.000Z', session: { __typename: 'Session' as const, id: 's1' }, climb: null } };
    gaveKudos(cache, { data: onSession });
    gaveKudos(cache, { data: onSession });
    gaveKudos(cache, { data: { giveKudos: { ...onSession.giveKudos, id: 'k2', session: null, climb: { __typename: 'Climb', id: 'c1' } } } });
    expect([read(cache).kudosCount, read(cache).viewerHasKudoed, read(cache).climbs[0]!.kudosCount, read(cache).climbs[0]!.viewerHasKudoed]).toEqual([3, true, 1, true]);
    removedKudos(cache, { data: { removeKudos: 'k1' } }, { variables: { input: { sessionId: 's1' } } });
    removedKudos(cache, { data: { removeKudos: 'k2' } }, { variables: { input: { climbId: 'c1' } } });
    expect([read(cache).kudosCount, read(cache).viewerHasKudoed, read(cache).climbs[0]!.kudosCount, read(cache).climbs[0]!.viewerHasKudoed]).toEqual([2, false, 0, false]);
  });

  it('addComment goes last (comments are oldest first) once the last page is loaded, and counts; deleteComment takes it out, uncounts and evicts it', () => {
    const cache = new InMemoryCache({ typePolicies });
    cache.writeQuery({ query: SessionSocialDocument, variables: { id: 's1' }, data: social(['m1']) });
    const data = { addComment: { ...comment('m2'), session: { __typename: 'Session' as const, id: 's1' } } };
    cache.writeFragment({ id: 'Comment:m2', fragment: parse('fragment C on Comment { id body createdAt editedAt author { id username } }'), data: data.addComment });
    addedComment(cache, { data });
    addedComment(cache, { data });
    expect([ids(read(cache).comments.edges), read(cache).commentCount]).toEqual([['m1', 'm2'], 2]);
    deletedComment(cache, { data: { deleteComment: 'm1' } });
    expect([ids(read(cache).comments.edges), read(cache).commentCount]).toEqual([['m2'], 1]);
    expect(cache.extract()).not.toHaveProperty('Comment:m1');
  });

  it('addComment leaves a list with more pages to load for fetchMore, and still counts', () => {
    const cache = new InMemoryCache({ typePolicies });
    cache.writeQuery({ query: SessionSocialDocument, variables: { id: 's1' }, data: social(['m1'], true) });
    addedComment(cache, { data: { addComment: { ...comment('m9'), session: { __typename: 'Session', id: 's1' } } } });
    expect([ids(read(cache).comments.edges), read(cache).commentCount]).toEqual([['m1'], 2]);
  });
});
