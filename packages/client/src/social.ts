import type { ApolloCache, Reference } from '@apollo/client/cache';
import type {
  AcceptFollowMutation,
  AddCommentMutation,
  BlockMutation,
  DeclineFollowMutation,
  DeleteCommentMutation,
  FeedItemAddedSubscription,
  FollowMutation,
  GiveKudosMutation,
  MarkNotificationsReadMutationVariables,
  NotificationAddedSubscription,
  RemoveFollowerMutation,
  RemoveKudosMutation,
  RemoveKudosMutationVariables,
  UnblockMutation,
  UnfollowMutation,
} from './__generated__/operations';
import { type AnyConnection, type Edge, onConnection, viewerId, withNodeFirst, withoutNode } from './cache-updates';

/*
 * `update` functions for issue 19's writes (schema/operations/profile.graphql, feed.graphql,
 * notifications.graphql, session-social.graphql), and what a subscription's payload does to the
 * cached lists. Each changes only what the mutation's own result cannot: list membership and counts.
 */

type Stored = Record<string, Record<string, unknown> | undefined>;

/** The first edge `node` of a FollowEdge list, with the `since` a follow list selects (now: it was just made). */
const withFollowFirst = (connection: AnyConnection, node: Reference) => {
  const added = withNodeFirst(connection, node, 'FollowEdge');
  if (added === connection) return connection;
  const [first, ...rest] = added.edges!;
  return { ...added, edges: [{ ...first!, since: new Date().toISOString() }, ...rest] };
};

/** Adds `by` to a cached count field of `id` (a field not cached stays so). */
const bump = (cache: ApolloCache, id: string, field: string, by: number) =>
  cache.modify<Record<string, number | null>>({ id, fields: { [field]: (count) => (typeof count === 'number' ? Math.max(0, count + by) : count) } });

/** Whether `ref` is in a cached page of the `field` list of `id` (an update already ran for it). */
function listed(cache: ApolloCache, id: string, field: string, ref: string): boolean {
  let found = false;
  cache.modify({
    id,
    fields: {
      [field]: onConnection((value) => {
        found ||= Boolean(value?.edges?.some((edge) => edge.node.__ref === ref));
        return value;
      }),
    },
  });
  return found;
}

/** Takes `ref` out of each cached variant of the `field` list of `id`; whether it was in one. */
function dropFrom(cache: ApolloCache, id: string, field: string, ref: string): boolean {
  let dropped = false;
  cache.modify({
    id,
    fields: {
      [field]: onConnection((value) => {
        if (!value) return value;
        const without = withoutNode(value, ref);
        if (without !== value) dropped = true;
        return without;
      }),
    },
  });
  return dropped;
}

/**
 * follow: an accepted follow (status FOLLOWING) goes first into your cached `following` (newest
 * first, `since` now) and counts in your `followingCount`; a request (REQUESTED) only changes the
 * climber's `viewerFollowStatus`, which the payload brings.
 */
export function followed(cache: ApolloCache, { data }: { data?: FollowMutation | null }): void {
  const viewer = viewerId(cache);
  if (data?.follow.status !== 'FOLLOWING' || !viewer) return;
  const node = { __ref: cache.identify(data.follow.user)! } as Reference;
  if (listed(cache, viewer, 'following', node.__ref)) return;
  cache.modify({ id: viewer, fields: { following: onConnection((value) => value && withFollowFirst(value, node)) } });
  bump(cache, viewer, 'followingCount', 1);
}

/**
 * unfollow: off your cached `following`. It ended a follow or withdrew a request, and the answer
 * (status NONE) does not say which: when the climber was in your cached `following` it was a
 * follow (`followingCount` - 1); otherwise your cached `followingCount` is dropped and refetches.
 */
export function unfollowed(cache: ApolloCache, { data }: { data?: UnfollowMutation | null }): void {
  const viewer = viewerId(cache);
  if (!data || !viewer) return;
  if (dropFrom(cache, viewer, 'following', cache.identify(data.unfollow.user)!)) bump(cache, viewer, 'followingCount', -1);
  else cache.evict({ id: viewer, fieldName: 'followingCount' });
}

/** acceptFollow: off your cached `followRequests`, first into your `followers` (`followerCount` + 1). */
export function acceptedFollow(cache: ApolloCache, { data }: { data?: AcceptFollowMutation | null }): void {
  const viewer = viewerId(cache);
  if (!data || !viewer) return;
  const node = { __ref: cache.identify(data.acceptFollow)! } as Reference;
  if (listed(cache, viewer, 'followers', node.__ref)) return;
  dropFrom(cache, viewer, 'followRequests', node.__ref);
  cache.modify({ id: viewer, fields: { followers: onConnection((value) => value && withFollowFirst(value, node)) } });
  bump(cache, viewer, 'followerCount', 1);
}

/** declineFollow: off your cached `followRequests`. */
export function declinedFollow(cache: ApolloCache, { data }: { data?: DeclineFollowMutation | null }): void {
  const viewer = viewerId(cache);
  if (data && viewer) dropFrom(cache, viewer, 'followRequests', cache.identify(data.declineFollow)!);
}

/** removeFollower: off your cached `followers` (`followerCount` - 1: the server refuses a non-follower). */
export function removedFollower(cache: ApolloCache, { data }: { data?: RemoveFollowerMutation | null }): void {
  const viewer = viewerId(cache);
  if (!data || !viewer) return;
  dropFrom(cache, viewer, 'followers', cache.identify(data.removeFollower)!);
  bump(cache, viewer, 'followerCount', -1);
}

/**
 * block: the climber leaves every cached list you read, as on the server: the `followers` and
 * `following` of every cached user, your `followRequests`, every `searchUsers` result, and the
 * items and notifications of your `feed` and `notifications` they are the actor of. They go first
 * into your cached `blockedUsers`. The block ended your follows both ways: your cached
 * `followerCount` and `followingCount` are dropped and refetch (the lists may not hold everyone).
 */
export function blocked(cache: ApolloCache, { data }: { data?: BlockMutation | null }): void {
  const viewer = viewerId(cache);
  if (!data || !viewer) return;
  const ref = cache.identify(data.block)!;
  const store = cache.extract() as Stored;
  const actorIs = (edge: Edge) => (store[edge.node.__ref]?.['actor'] as Reference | undefined)?.__ref === ref;
  const withoutActor = onConnection((value) => {
    const edges = value?.edges?.filter((edge) => !actorIs(edge));
    return value && edges && edges.length !== value.edges?.length ? { ...value, edges } : value;
  });
  for (const [id, value] of Object.entries(store)) {
    if (value?.['__typename'] !== 'User' || id === ref) continue;
    dropFrom(cache, id, 'followers', ref);
    dropFrom(cache, id, 'following', ref);
  }
  dropFrom(cache, 'ROOT_QUERY', 'searchUsers', ref);
  dropFrom(cache, viewer, 'followRequests', ref);
  cache.modify({
    id: viewer,
    fields: { feed: withoutActor, notifications: withoutActor, blockedUsers: onConnection((value) => value && withFollowFirst(value, { __ref: ref } as Reference)) },
  });
  cache.evict({ id: viewer, fieldName: 'followerCount' });
  cache.evict({ id: viewer, fieldName: 'followingCount' });
}

/** unblock: off your cached `blockedUsers` (the follows the block ended are not restored). */
export function unblocked(cache: ApolloCache, { data }: { data?: UnblockMutation | null }): void {
  const viewer = viewerId(cache);
  if (data && viewer) dropFrom(cache, viewer, 'blockedUsers', cache.identify(data.unblock)!);
}

/** Sets `viewerHasKudoed` of a cached Session or Climb, and moves its `kudosCount` with it (once). */
function kudos(cache: ApolloCache, id: string, given: boolean) {
  let changed = false;
  cache.modify<{ viewerHasKudoed: boolean }>({
    id,
    fields: {
      viewerHasKudoed: (had) => {
        changed = had !== given;
        return given;
      },
    },
  });
  if (changed) bump(cache, id, 'kudosCount', given ? 1 : -1);
}

/** giveKudos: the session's (or climb's) cached `kudosCount` + 1 and `viewerHasKudoed` true. */
export function gaveKudos(cache: ApolloCache, { data }: { data?: GiveKudosMutation | null }): void {
  const subject = data?.giveKudos.climb ?? data?.giveKudos.session;
  if (subject) kudos(cache, cache.identify(subject)!, true);
}

/** removeKudos: the answer is the kudos' id, so the subject comes from the mutation's `input`. */
export function removedKudos(
  cache: ApolloCache,
  { data }: { data?: RemoveKudosMutation | null },
  { variables }: { variables?: RemoveKudosMutationVariables | undefined } = {},
): void {
  const input = variables?.input;
  if (!data || !input) return;
  const subject = input.climbId ? { __typename: 'Climb', id: input.climbId } : input.sessionId ? { __typename: 'Session', id: input.sessionId } : null;
  if (subject) kudos(cache, cache.identify(subject)!, false);
}

/**
 * addComment: comments are listed oldest first, so the new one is the last: it goes last into the
 * session's cached `comments` once their last page is loaded (else `fetchMore` brings it), and the
 * session's `commentCount` + 1.
 */
export function addedComment(cache: ApolloCache, { data }: { data?: AddCommentMutation | null }): void {
  const comment = data?.addComment;
  if (!comment) return;
  const session = cache.identify(comment.session)!;
  const node = { __ref: cache.identify(comment)! } as Reference;
  if (listed(cache, session, 'comments', node.__ref)) return;
  cache.modify({
    id: session,
    fields: {
      comments: onConnection((value) => {
        if (!value?.edges || value.pageInfo?.hasNextPage) return value;
        return { ...value, edges: [...value.edges, { __typename: 'CommentEdge', cursor: '', node }] };
      }),
    },
  });
  bump(cache, session, 'commentCount', 1);
}

/** deleteComment: off the cached `comments` of its session (`commentCount` - 1), Comment:<id> evicted. */
export function deletedComment(cache: ApolloCache, { data }: { data?: DeleteCommentMutation | null }): void {
  const id = data?.deleteComment;
  if (!id) return;
  const ref = cache.identify({ __typename: 'Comment', id })!;
  for (const [session, value] of Object.entries(cache.extract() as Stored)) {
    if (value?.['__typename'] === 'Session' && dropFrom(cache, session, 'comments', ref)) bump(cache, session, 'commentCount', -1);
  }
  cache.evict({ id: ref });
  cache.gc();
}

/**
 * markNotificationsRead: `update: markedNotificationsRead` with the mutation's variables. The
 * answer's page refreshes the first page and `unreadCount`; this marks read every other cached
 * notification at or before `upTo` in the list's order (newest first by `createdAt`, then `id`),
 * as the server's watermark does, so pages loaded with `fetchMore` agree.
 */
export function markedNotificationsRead(
  cache: ApolloCache,
  _result: unknown,
  { variables }: { variables?: MarkNotificationsReadMutationVariables | undefined } = {},
): void {
  const upTo = variables?.input.upTo;
  const store = cache.extract() as Stored;
  const mark = upTo ? store[cache.identify({ __typename: 'Notification', id: upTo })!] : undefined;
  if (!mark || typeof mark['createdAt'] !== 'string') return;
  const at = [mark['createdAt'], String(mark['id'])] as const;
  for (const [ref, value] of Object.entries(store)) {
    if (value?.['__typename'] !== 'Notification' || value['read'] === true || typeof value['createdAt'] !== 'string') continue;
    const olderOrSame = value['createdAt'] < at[0] || (value['createdAt'] === at[0] && String(value['id']) <= at[1]);
    if (olderOrSame) cache.modify({ id: ref, fields: { read: () => true } });
  }
}

/**
 * A `NotificationAdded` payload (Apollo Client has already normalised it): first into your cached
 * `notifications`, counted in `unreadCount` unless it came read. With `useSubscription`, call it in
 * `onData: ({ client, data }) => addNotification(client.cache, data)`.
 */
export function addNotification(cache: ApolloCache, { data }: { data?: NotificationAddedSubscription | null }): void {
  const notification = data?.notificationAdded;
  const viewer = viewerId(cache);
  if (!notification || !viewer) return;
  const node = { __ref: cache.identify(notification)! } as Reference;
  cache.modify({
    id: viewer,
    fields: {
      notifications: onConnection((value) => {
        if (!value) return value;
        const added = withNodeFirst(value, node, 'NotificationEdge');
        const counted = added !== value || !value.edges;
        return counted && !notification.read && typeof value['unreadCount'] === 'number' ? { ...added, unreadCount: value['unreadCount'] + 1 } : added;
      }),
    },
  });
}

/** A `FeedItemAdded` payload: first into your cached `feed` (newest first), once. */
export function addFeedItem(cache: ApolloCache, { data }: { data?: FeedItemAddedSubscription | null }): void {
  const item = data?.feedItemAdded;
  const viewer = viewerId(cache);
  if (!item || !viewer) return;
  const node = { __ref: cache.identify(item)! } as Reference;
  cache.modify({ id: viewer, fields: { feed: onConnection((value) => value && withNodeFirst(value, node, 'FeedEdge')) } });
}
