import type { Visibility } from '@clmb/drizzle/users';
import { type Auth, builders, dataOf, type GraphQLResponse } from '@clmb/testkit';
import { eq, sql } from 'drizzle-orm';
import { executeRows, schema } from '../db';
import { startUsersUnderTest } from '../test-service';

// What the social tests share: the users service over HTTP, climbers, the mutations and lists.

export type SocialService = Awaited<ReturnType<typeof startSocialService>>;
export type Mutation = 'follow' | 'unfollow' | 'acceptFollow' | 'declineFollow' | 'removeFollower' | 'block' | 'unblock';

const PAYLOAD: Record<Mutation, string> = {
  follow: 'status user { id viewerFollowStatus }',
  unfollow: 'status user { id viewerFollowStatus }',
  acceptFollow: 'id followsYou',
  declineFollow: 'id followsYou',
  removeFollower: 'id followsYou',
  block: 'id viewerFollowStatus',
  unblock: 'id viewerFollowStatus',
};
const INPUT: Record<Mutation, string> = {
  follow: 'FollowInput',
  unfollow: 'UnfollowInput',
  acceptFollow: 'AcceptFollowInput',
  declineFollow: 'DeclineFollowInput',
  removeFollower: 'RemoveFollowerInput',
  block: 'BlockInput',
  unblock: 'UnblockInput',
};

export const LIST_FIELDS = 'edges { cursor since node { id username } } pageInfo { hasNextPage hasPreviousPage endCursor }';

/** The users service on its own database, many sign-ups allowed from the tests' one address. */
export async function startSocialService(label: string) {
  const users = await startUsersUnderTest(label, { SIGNUP_MAX_PER_ADDRESS: '10000', LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '10000' });
  const { db } = users.service;
  const build = builders(users.gql);

  /** A new climber, their account PUBLIC, FOLLOWERS (the default) or PRIVATE. */
  const climber = async (visibility: Visibility = 'FOLLOWERS', username?: string): Promise<Auth> => {
    const auth = await build.user(username ? { username } : {});
    if (visibility !== 'FOLLOWERS') await db.update(schema.users).set({ visibility }).where(eq(schema.users.id, auth.user.id));
    return auth;
  };

  const send = (mutation: Mutation, who: Auth | undefined, userId: string): Promise<GraphQLResponse & { status: number }> =>
    users.gql(
      /* GraphQL */ `mutation($input: ${INPUT[mutation]}!) { ${mutation}(input: $input) { ${PAYLOAD[mutation]} } }`,
      { input: { userId } },
      who?.accessToken,
    );
  /** The mutation's answer; throws when it is refused. */
  const act = async (mutation: Mutation, who: Auth, other: Auth) => dataOf(await send(mutation, who, other.user.id))[mutation];

  /** A climber's fields as `who` sees them (`null` errors included in `errors`). */
  const profile = (who: Auth | undefined, of: Auth, fields: string, variables: Record<string, unknown> = {}) => {
    const paged = fields.includes('$first') ? ', $first: Int, $after: String' : '';
    return users.gql(/* GraphQL */ `query($id: ID!${paged}) { user(id: $id) { ${fields} } }`, { id: of.user.id, ...variables }, who?.accessToken);
  };
  const list = async (who: Auth | undefined, of: Auth, field: 'followers' | 'following' | 'followRequests' | 'blockedUsers', variables: Record<string, unknown> = {}) =>
    dataOf(await profile(who, of, `${field}(first: $first, after: $after) { ${LIST_FIELDS} }`, { first: 100, ...variables })).user[field];
  /** The usernames in a climber's list, as `who` sees it. */
  const names = async (who: Auth | undefined, of: Auth, field: 'followers' | 'following' | 'followRequests' | 'blockedUsers') =>
    (await list(who, of, field)).edges.map((edge: { node: { username: string } }) => edge.node.username);

  /** The notifications a climber got, oldest first: kind and actor. */
  const notifications = async (of: Auth) =>
    (await db.select().from(schema.notifications).where(eq(schema.notifications.recipientId, of.user.id)).orderBy(schema.notifications.createdAt)).map((row) => [
      row.kind,
      row.actorId,
    ]);

  /** follow_count as kept, and as counted again from follow, of every climber with a follow either way or a count row. */
  const counts = async () => {
    const kept = await executeRows<{ id: string; followers: number; following: number }>(
      db,
      sql`select user_id as id, followers, following from users.follow_count where followers > 0 or following > 0 order by user_id`,
    );
    const counted = await executeRows<{ id: string; followers: number; following: number }>(
      db,
      sql`select id,
                 (select count(*)::int from users.follow where followee_id = u.id) as followers,
                 (select count(*)::int from users.follow where follower_id = u.id) as following
          from users."user" u
          where exists (select 1 from users.follow where followee_id = u.id or follower_id = u.id)
          order by id`,
    );
    return { kept, counted };
  };

  return Object.assign(users, { db, climber, send, act, profile, list, names, notifications, counts });
}
