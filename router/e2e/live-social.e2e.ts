import { randomBytes } from 'node:crypto';
import { dataOf, gqlAt } from '@clmb/testkit';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, liveClient, metric } from './live-client';
import { type Supergraph, startSupergraph } from './supergraph';

const REDIS = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const NOTIFICATIONS = /* GraphQL */ `subscription Inbox {
  notificationAdded { kind read actor { username } session { name gym { name } } }
}`;
const FEED = /* GraphQL */ `subscription Feed {
  feedItemAdded { id kind actor { username } session { name gym { name } } }
}`;

type RouterProcess = Awaited<ReturnType<Supergraph['startRouterProcess']>>;

describe('kudos and the feed, live through two router processes sharing Redis', () => {
  // A prefix of this file's own: other tests' (and runs') channels never meet these.
  const prefix = `clmb:test:${randomBytes(4).toString('hex')}:`;
  const redisEnv = { REDIS_URL: REDIS, EVENTS_PREFIX: `${prefix}events:`, CACHE_KEY_PREFIX: prefix };
  let sg: Supergraph;
  let a: RouterProcess;
  let b: RouterProcess;
  let redis: Redis;
  let gymId: string;

  const subscribers = (channel: string) => redis.pubsub('NUMSUB', `${prefix}events:${channel}`).then((reply) => Number((reply as [string, number])[1]));
  const viaB = async <T>(query: string, variables: Record<string, unknown>, token: string) => dataOf<T>(await gqlAt(b.url)(query, variables, token));
  const startSession = async (token: string, name: string) =>
    (await viaB<{ startSession: { id: string } }>(`mutation S($input: StartSessionInput!) { startSession(input: $input) { id } }`, { input: { gymId, name } }, token)).startSession.id;

  beforeAll(async () => {
    sg = await startSupergraph({ usersEnv: redisEnv });
    [a, b] = await Promise.all([sg.startRouterProcess(redisEnv), sg.startRouterProcess(redisEnv)]);
    redis = new Redis(REDIS);
    const admin = (await sg.build.logIn('admin@clmb.dev')).accessToken;
    gymId = (await sg.build.gymWithRoutes(admin, { slug: 'live-social', routeCount: 1 })).gymId;
  }, 180_000);
  afterAll(async () => {
    redis?.disconnect();
    await Promise.all([a?.stop(), b?.stop()]);
    await sg?.stop();
  });

  it('kudos given through router B reach the climber subscribed on router A within 1 s, with the actor and the session', async () => {
    const ada = await sg.build.user({ username: 'ada_live' });
    const ben = await sg.build.user({ username: 'ben_live' });
    await viaB(`mutation { updatePreferences(input: { visibility: PUBLIC }) { visibility } }`, {}, ada.accessToken);
    const sessionId = await startSession(ada.accessToken, 'Morning laps');
    const live = liveClient(a.url, ada.accessToken);
    try {
      const next = live.subscribe(NOTIFICATIONS).next();
      await eventually(async () => (await subscribers(`notificationAdded:${ada.user.id}`)) >= 1);
      await viaB(`mutation K($input: GiveKudosInput!) { giveKudos(input: $input) { id } }`, { input: { sessionId } }, ben.accessToken);
      const given = Date.now();
      expect((await next).value).toEqual({
        data: { notificationAdded: { kind: 'KUDOS', read: false, actor: { username: 'ben_live' }, session: { name: 'Morning laps', gym: { name: 'Gym live-social' } } } },
      });
      expect(Date.now() - given).toBeLessThan(1_000);
    } finally {
      await live.dispose();
    }
  });

  it('a follower subscribed on router A gets the SESSION_ENDED item of endSession through router B; a stranger of the FOLLOWERS account gets nothing', async () => {
    const dana = await sg.build.user({ username: 'dana_live' });
    const cleo = await sg.build.user({ username: 'cleo_live' });
    const eve = await sg.build.user({ username: 'eve_live' });
    // Dana's account stays FOLLOWERS (the default): Cleo asks, Dana accepts; Eve is a stranger.
    await viaB(`mutation F($input: FollowInput!) { follow(input: $input) { status } }`, { input: { userId: dana.user.id } }, cleo.accessToken);
    await viaB(`mutation A($input: AcceptFollowInput!) { acceptFollow(input: $input) { id } }`, { input: { userId: cleo.user.id } }, dana.accessToken);
    const sessionId = await startSession(dana.accessToken, 'Project day');
    const follower = liveClient(a.url, cleo.accessToken);
    const stranger = liveClient(a.url, eve.accessToken);
    try {
      const next = follower.subscribe<{ feedItemAdded: { id: string } }>(FEED).next();
      let strangerSent = false;
      stranger
        .subscribe(FEED)
        .next()
        .then(
          () => (strangerSent = true),
          () => {},
        );
      await eventually(async () => (await subscribers(`feedItemAdded:${cleo.user.id}`)) >= 1 && (await subscribers(`feedItemAdded:${eve.user.id}`)) >= 1);
      await viaB(`mutation E($input: EndSessionInput!) { endSession(input: $input) { id } }`, { input: { id: sessionId } }, dana.accessToken);
      const item = (await next).value as { data: { feedItemAdded: { id: string } } };
      expect(item).toEqual({
        data: { feedItemAdded: { id: expect.any(String), kind: 'SESSION_ENDED', actor: { username: 'dana_live' }, session: { name: 'Project day', gym: { name: 'Gym live-social' } } } },
      });
      // Even when the item's event reaches the stranger's channel, the router resolves it as Eve and sends nothing.
      const skipped = 'clmb_router_subscription_payloads_total{result="skipped"}';
      const before = await metric(a.baseUrl, skipped);
      const entity = { __typename: 'FeedItem', id: item.data.feedItemAdded.id };
      await redis.publish(`${prefix}events:feedItemAdded:${eve.user.id}`, JSON.stringify({ topic: `feedItemAdded:${eve.user.id}`, entity }));
      await eventually(async () => (await metric(a.baseUrl, skipped)) === before + 1);
      expect(strangerSent).toBe(false);
    } finally {
      await Promise.all([follower.dispose(), stranger.dispose()]);
    }
  });
});
