import { type Auth, dataOf, errorCodes, errorField, TEST_PASSWORD } from '@clmb/testkit';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../db';
import { socialLimits } from './social';
import { type SocialService, startSocialService } from './test-social';

let s: SocialService;
const defaults = { ...socialLimits };

beforeAll(async () => {
  s = await startSocialService('users_social');
}, 120_000);
afterAll(() => s?.stop());
afterEach(() => Object.assign(socialLimits, defaults));

const refusal = (response: { errors?: { message: string; extensions?: Record<string, unknown> }[]; data?: unknown }) => ({
  code: response.errors?.[0]?.extensions?.['code'],
  field: response.errors?.[0]?.extensions?.['field'],
  message: response.errors?.[0]?.message,
});

describe('follow', () => {
  it('follows a PUBLIC climber at once, who is told of the new follower', async () => {
    const [alex, sam] = [await s.climber(), await s.climber('PUBLIC')];
    expect(await s.act('follow', alex, sam)).toEqual({ status: 'FOLLOWING', user: { id: sam.user.id, viewerFollowStatus: 'FOLLOWING' } });
    expect(await s.names(alex, sam, 'followers')).toEqual([alex.user.username]);
    expect(await s.names(alex, alex, 'following')).toEqual([sam.user.username]);
    expect(dataOf(await s.profile(sam, alex, 'followsYou viewerFollowStatus followerCount followingCount')).user).toEqual({
      followsYou: true,
      viewerFollowStatus: 'NONE',
      followerCount: 0,
      followingCount: 1,
    });
    expect(dataOf(await s.profile(undefined, sam, 'followerCount followingCount viewerFollowStatus followsYou')).user).toEqual({
      followerCount: 1,
      followingCount: 0,
      viewerFollowStatus: null,
      followsYou: null,
    });
    expect(await s.notifications(sam)).toEqual([['NEW_FOLLOWER', alex.user.id]]);
  });

  it('asks a FOLLOWERS climber, who accepts: then the follower sees what followers see', async () => {
    const [alex, sam, kim] = [await s.climber(), await s.climber(), await s.climber('PUBLIC')];
    await s.act('follow', sam, kim);
    expect(await s.act('follow', alex, sam)).toEqual({ status: 'REQUESTED', user: { id: sam.user.id, viewerFollowStatus: 'REQUESTED' } });
    expect(await s.notifications(sam)).toEqual([['FOLLOW_REQUEST', alex.user.id]]);
    expect(await s.names(sam, sam, 'followRequests')).toEqual([alex.user.username]);
    // Not yet a follower: the lists of a FOLLOWERS account are not theirs to see.
    const before = await s.profile(alex, sam, 'username following { edges { node { id } } }');
    expect([errorCodes(before), before.data]).toEqual([['FORBIDDEN'], { user: { username: sam.user.username, following: null } }]);

    expect(await s.act('acceptFollow', sam, alex)).toEqual({ id: alex.user.id, followsYou: true });
    expect(await s.notifications(alex)).toEqual([['FOLLOW_ACCEPTED', sam.user.id]]);
    expect(await s.names(sam, sam, 'followRequests')).toEqual([]);
    expect(await s.names(alex, sam, 'following')).toEqual([kim.user.username]);
    expect(dataOf(await s.profile(alex, sam, 'viewerFollowStatus followerCount')).user).toEqual({ viewerFollowStatus: 'FOLLOWING', followerCount: 1 });
  });

  it("shows a PRIVATE climber's lists to nobody but themself and an ADMIN, followers included", async () => {
    const [alex, sam] = [await s.climber(), await s.climber('PRIVATE')];
    await s.act('follow', alex, sam);
    await s.act('acceptFollow', sam, alex);
    const seen = await s.profile(alex, sam, 'followers { edges { cursor } } followerCount');
    expect([errorCodes(seen), seen.data]).toEqual([['FORBIDDEN'], { user: { followers: null, followerCount: 1 } }]);
    expect(await s.names(sam, sam, 'followers')).toEqual([alex.user.username]);
    const admin = { accessToken: await s.token('ADMIN') } as Auth;
    expect(await s.names(admin, sam, 'followers')).toEqual([alex.user.username]);
  });

  it('declines a request, which the climber may make again', async () => {
    const [alex, sam] = [await s.climber(), await s.climber('PRIVATE')];
    await s.act('follow', alex, sam);
    expect(await s.act('declineFollow', sam, alex)).toEqual({ id: alex.user.id, followsYou: false });
    expect(dataOf(await s.profile(alex, sam, 'viewerFollowStatus')).user.viewerFollowStatus).toBe('NONE');
    expect((await s.act('follow', alex, sam)).status).toBe('REQUESTED');
  });

  it('unfollows, withdraws a request, and removes a follower', async () => {
    const [alex, sam, kim] = [await s.climber(), await s.climber('PUBLIC'), await s.climber()];
    await s.act('follow', alex, sam);
    expect(await s.act('unfollow', alex, sam)).toEqual({ status: 'NONE', user: { id: sam.user.id, viewerFollowStatus: 'NONE' } });
    await s.act('follow', alex, kim);
    await s.act('unfollow', alex, kim);
    expect(await s.names(kim, kim, 'followRequests')).toEqual([]);
    await s.act('follow', kim, sam);
    expect(await s.act('removeFollower', sam, kim)).toEqual({ id: kim.user.id, followsYou: false });
    expect(dataOf(await s.profile(sam, sam, 'followerCount')).user.followerCount).toBe(0);
  });

  it('makes a request made before the account became PUBLIC the follow', async () => {
    const [alex, sam] = [await s.climber(), await s.climber()];
    await s.act('follow', alex, sam);
    await s.db.update(schema.users).set({ visibility: 'PUBLIC' }).where(eq(schema.users.id, sam.user.id));
    expect((await s.act('follow', alex, sam)).status).toBe('FOLLOWING');
    expect(await s.names(sam, sam, 'followRequests')).toEqual([]);
    expect(await s.names(sam, sam, 'followers')).toEqual([alex.user.username]);
  });
});

describe('refusals', () => {
  const cannot = 'input.userId: you cannot follow this climber';
  it.each<[string, () => Promise<{ who: Auth; mutation: Parameters<SocialService['send']>[0]; userId: string }>, string]>([
    ['following yourself', async () => ((who) => ({ who, mutation: 'follow' as const, userId: who.user.id }))(await s.climber()), 'input.userId: you cannot follow yourself'],
    ['following an unknown climber', async () => ({ who: await s.climber(), mutation: 'follow', userId: crypto.randomUUID() }), 'input.userId: no climber with this id'],
    ['a malformed id', async () => ({ who: await s.climber(), mutation: 'follow', userId: 'nope' }), 'input.userId: must be a UUID'],
    [
      'following a climber twice',
      async () => {
        const [who, other] = [await s.climber(), await s.climber('PUBLIC')];
        await s.act('follow', who, other);
        return { who, mutation: 'follow', userId: other.user.id };
      },
      'input.userId: you already follow this climber',
    ],
    [
      'asking twice',
      async () => {
        const [who, other] = [await s.climber(), await s.climber()];
        await s.act('follow', who, other);
        return { who, mutation: 'follow', userId: other.user.id };
      },
      'input.userId: you already asked to follow this climber',
    ],
    [
      'following a climber you blocked',
      async () => {
        const [who, other] = [await s.climber(), await s.climber('PUBLIC')];
        await s.act('block', who, other);
        return { who, mutation: 'follow', userId: other.user.id };
      },
      cannot,
    ],
    [
      'following a climber who blocked you (worded alike)',
      async () => {
        const [who, other] = [await s.climber(), await s.climber('PUBLIC')];
        await s.act('block', other, who);
        return { who, mutation: 'follow', userId: other.user.id };
      },
      cannot,
    ],
    ['accepting without a request', async () => ({ who: await s.climber(), mutation: 'acceptFollow', userId: (await s.climber()).user.id }), 'input.userId: this climber has not asked to follow you'],
    ['declining without a request', async () => ({ who: await s.climber(), mutation: 'declineFollow', userId: (await s.climber()).user.id }), 'input.userId: this climber has not asked to follow you'],
    ['unfollowing a climber you do not follow', async () => ({ who: await s.climber(), mutation: 'unfollow', userId: (await s.climber()).user.id }), 'input.userId: you neither follow nor asked to follow this climber'],
    ['removing a climber who does not follow you', async () => ({ who: await s.climber(), mutation: 'removeFollower', userId: (await s.climber()).user.id }), 'input.userId: this climber does not follow you'],
    ['blocking yourself', async () => ((who) => ({ who, mutation: 'block' as const, userId: who.user.id }))(await s.climber()), 'input.userId: you cannot block yourself'],
    ['blocking an unknown climber', async () => ({ who: await s.climber(), mutation: 'block', userId: crypto.randomUUID() }), 'input.userId: no climber with this id'],
    [
      'blocking twice',
      async () => {
        const [who, other] = [await s.climber(), await s.climber()];
        await s.act('block', who, other);
        return { who, mutation: 'block', userId: other.user.id };
      },
      'input.userId: you already blocked this climber',
    ],
    ['unblocking a climber you did not block', async () => ({ who: await s.climber(), mutation: 'unblock', userId: (await s.climber()).user.id }), 'input.userId: you have not blocked this climber'],
  ])('refuses %s with BAD_USER_INPUT naming input.userId', async (_what, setUp, message) => {
    const { who, mutation, userId } = await setUp();
    const response = await s.send(mutation, who, userId);
    expect([refusal(response), response.data]).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.userId', message }, null]);
  });

  it('needs a token', async () => {
    const sam = await s.climber('PUBLIC');
    expect(errorCodes(await s.send('follow', undefined, sam.user.id))).toEqual(['UNAUTHENTICATED']);
  });

  it("shows nobody else a climber's requests and blocks", async () => {
    const [alex, sam] = [await s.climber(), await s.climber()];
    const response = await s.profile(alex, sam, 'followRequests { edges { cursor } } blockedUsers { edges { cursor } }');
    expect([errorCodes(response), response.data]).toEqual([['FORBIDDEN', 'FORBIDDEN'], { user: { followRequests: null, blockedUsers: null } }]);
  });
});

describe('block', () => {
  it('ends follows and requests both ways in one write, hides each from the other, and unblock restores nothing', async () => {
    const [alex, sam, kim] = [await s.climber('PUBLIC'), await s.climber('PUBLIC'), await s.climber('PUBLIC')];
    await s.act('follow', alex, sam);
    await s.act('follow', sam, alex);
    await s.act('follow', kim, sam);
    await s.act('follow', kim, alex);
    expect(await s.act('block', sam, alex)).toEqual({ id: alex.user.id, viewerFollowStatus: 'BLOCKED' });

    expect(dataOf(await s.profile(sam, sam, 'followerCount followingCount')).user).toEqual({ followerCount: 1, followingCount: 0 });
    expect(await s.names(sam, sam, 'blockedUsers')).toEqual([alex.user.username]);
    // The blocked climber finds no such climber (privacy: `user(id)` is null for a blocked pair,
    // either way round): neither the lists nor the counts, and no trace of who blocked whom.
    const seen = await s.profile(alex, sam, 'username followers { edges { cursor } } followerCount viewerFollowStatus followsYou');
    expect([errorCodes(seen), seen.data]).toEqual([[], { user: null }]);
    const blocker = await s.profile(sam, alex, 'username');
    expect([errorCodes(blocker), blocker.data]).toEqual([[], { user: null }]);
    // In a third climber's list, each is left out for the other.
    expect(await s.names(alex, kim, 'following')).toEqual([alex.user.username]);
    expect(await s.names(sam, kim, 'following')).toEqual([sam.user.username]);
    expect(await s.names(kim, kim, 'following')).toEqual([alex.user.username, sam.user.username]);

    expect(await s.act('unblock', sam, alex)).toEqual({ id: alex.user.id, viewerFollowStatus: 'NONE' });
    expect(await s.names(sam, sam, 'followers')).toEqual([kim.user.username]);
    expect(await s.names(sam, sam, 'blockedUsers')).toEqual([]);
  });

  it('withdraws requests either way', async () => {
    const [alex, sam] = [await s.climber(), await s.climber()];
    await s.act('follow', alex, sam);
    await s.act('follow', sam, alex);
    await s.act('block', alex, sam);
    expect([await s.names(alex, alex, 'followRequests'), await s.names(sam, sam, 'followRequests')]).toEqual([[], []]);
  });
});

describe('pages', () => {
  it('pages followers newest first, 2 at a time over 3 pages', async () => {
    const sam = await s.climber('PUBLIC');
    const fans: Auth[] = [];
    for (let i = 0; i < 5; i++) {
      const fan = await s.climber();
      await s.act('follow', fan, sam);
      fans.push(fan);
    }
    const seen: string[] = [];
    let after: string | null = null;
    const more: boolean[] = [];
    do {
      const page: { edges: { node: { username: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } = await s.list(undefined, sam, 'followers', { first: 2, after });
      seen.push(...page.edges.map((edge) => edge.node.username));
      more.push(page.pageInfo.hasNextPage);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(fans.map((fan) => fan.user.username).reverse());
    expect(more).toEqual([true, true, false]);
  });

  it('costs the same SQL statements for a page of 2 as for a page of 6, whatever each climber shows', async () => {
    const [viewer, sam] = [await s.climber(), await s.climber('PUBLIC')];
    for (let i = 0; i < 6; i++) {
      const fan = await s.climber('PUBLIC');
      await s.act('follow', fan, sam);
      await s.act('follow', viewer, fan);
    }
    const fields = 'followers(first: $first, after: $after) { edges { node { username followerCount viewerFollowStatus followsYou following(first: 2) { edges { node { id } } } } } }';
    const count = async (first: number) => {
      s.resetStatements();
      const response = await s.profile(viewer, sam, fields, { first });
      expect(dataOf(response).user.followers.edges).toHaveLength(first);
      return s.statements.length;
    };
    const two = await count(2);
    expect(await count(6)).toBe(two);
  });

  it.each([
    ['a page over 100', { first: 101 }, 'first'],
    ['a cursor it did not hand out', { after: 'bm9wZQ' }, 'after'],
  ])('refuses %s', async (_what, variables, field) => {
    const sam = await s.climber('PUBLIC');
    const response = await s.profile(undefined, sam, 'followers(first: $first, after: $after) { edges { cursor } }', variables);
    expect([errorCodes(response), errorField(response)]).toEqual([['BAD_USER_INPUT'], field]);
  });
});

describe('limits', () => {
  it('caps following (requests included) and blocking', async () => {
    socialLimits.maxFollowing = 2;
    socialLimits.maxBlocked = 1;
    const [alex, a, b, c] = [await s.climber(), await s.climber('PUBLIC'), await s.climber(), await s.climber('PUBLIC')];
    await s.act('follow', alex, a);
    await s.act('follow', alex, b);
    expect(refusal(await s.send('follow', alex, c.user.id))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.userId',
      message: 'input.userId: you already follow or asked to follow 2 climbers, the most one may: unfollow someone first',
    });
    await s.act('unfollow', alex, b);
    await s.act('follow', alex, c);
    await s.act('block', alex, b);
    expect(refusal(await s.send('block', alex, c.user.id))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.userId' });
    expect(await s.names(alex, alex, 'following')).toEqual([c.user.username, a.user.username]);
  });

  it('answers TOO_MANY_REQUESTS past the hour’s follows, unfollows, blocks and unblocks', async () => {
    socialLimits.writesPerHour = 3;
    const [alex, sam] = [await s.climber(), await s.climber('PUBLIC')];
    await s.act('follow', alex, sam);
    await s.act('unfollow', alex, sam);
    await s.act('block', alex, sam);
    const refused = await s.send('unblock', alex, sam.user.id);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'TOO_MANY_REQUESTS', reason: 'SOCIAL_WRITES', limit: 3, retryAfterSeconds: expect.any(Number) });
    // Another climber's writes are their own.
    await s.act('follow', await s.climber(), sam);
  });
});

describe('account deletion', () => {
  it("ends the deleted climber's follows, requests and blocks, and the others' counts follow", async () => {
    const [alex, sam, kim, lee] = [await s.climber('PUBLIC'), await s.climber('PUBLIC'), await s.climber(), await s.climber()];
    await s.act('follow', alex, sam);
    await s.act('follow', sam, alex);
    await s.act('follow', alex, kim);
    await s.act('follow', kim, sam);
    await s.act('block', lee, alex);
    const deleted = await s.gql(/* GraphQL */ `mutation($input: DeleteAccountInput!) { deleteAccount(input: $input) }`, { input: { password: TEST_PASSWORD } }, alex.accessToken);
    expect(dataOf(deleted).deleteAccount).toBe(alex.user.id);
    expect(dataOf(await s.profile(sam, sam, 'followerCount followingCount')).user).toEqual({ followerCount: 1, followingCount: 0 });
    expect(await s.names(sam, sam, 'followers')).toEqual([kim.user.username]);
    expect([await s.names(kim, kim, 'followRequests'), await s.names(lee, lee, 'blockedUsers')]).toEqual([[], []]);
    const { kept, counted } = await s.counts();
    expect(kept).toEqual(counted);
  });
});
