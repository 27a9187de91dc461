import { signTestToken } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { eventually, liveClient, metric } from './live-client';
import { type Supergraph, startSupergraph } from './supergraph';

const LEADERBOARD = /* GraphQL */ `subscription Board($gymId: ID!) {
  leaderboardChanged(gymId: $gymId, period: WEEK) { period gym { name } entries { rank points user { username } } }
}`;
const JOIN = /* GraphQL */ `mutation Join { updatePreferences(input: { showOnLeaderboards: true }) { showOnLeaderboards } }`;

describe('subscriptions through the router, events from the subgraphs\' streams (no Redis)', () => {
  let sg: Supergraph;
  let gym: { gymId: string; routeIds: string[] };
  let lea: string;
  let leaId: string;

  /** Subscribes to the live-wall board and waits until the router holds the subscription. */
  const subscribed = async (live: ReturnType<typeof liveClient>) => {
    const before = await metric(sg.baseUrl, 'clmb_router_subscriptions');
    const board = live.subscribe(LEADERBOARD, { gymId: gym.gymId });
    const next = board.next();
    // A test that closes the connection leaves this pending payload rejected, on purpose.
    next.catch(() => {});
    await eventually(async () => (await metric(sg.baseUrl, 'clmb_router_subscriptions')) > before);
    return { board, next };
  };

  beforeAll(async () => {
    sg = await startSupergraph();
    const admin = (await sg.build.logIn('admin@clmb.dev')).accessToken;
    gym = await sg.build.gymWithRoutes(admin, { slug: 'live-wall', routeCount: 2 });
    lea = (await sg.build.user({ username: 'lea_live' })).accessToken;
    await sg.request(JOIN, {}, lea);
    leaId = ((await sg.request(`{ me { id } }`, {}, lea)).data as { me: { id: string } }).me.id;
  }, 120_000);
  afterAll(() => sg?.stop());

  it('a logged climb sends the subscriber its leaderboard, with the gym name from the gyms service', async () => {
    const live = liveClient(sg.url, lea);
    try {
      const { next } = await subscribed(live);
      const session = await sg.build.session(lea, { gymId: gym.gymId });
      await sg.build.climb(lea, { sessionId: session.id, routeId: gym.routeIds[0]!, attempts: 1, sent: true, style: 'FLASH' });
      expect((await next).value).toEqual({
        data: { leaderboardChanged: { period: 'WEEK', gym: { name: 'Gym live-wall' }, entries: [{ rank: 1, points: 110, user: { username: 'lea_live' } }] } },
      });
    } finally {
      await live.dispose();
    }
  });

  it("a subgraph's event stream answers only the router (the subgraph secret)", async () => {
    expect((await fetch(`${sg.services.users.url}/events`)).status).toBe(403);
  });

  it('a connection without a token, or with a bad one, is closed with 4401', async () => {
    expect(await liveClient(sg.url).closed).toEqual({ code: 4401, reason: 'Unauthorized: connectionParams.authorization must be "Bearer <access token>"' });
    expect(await liveClient(sg.url, 'not-a-token').closed).toEqual({ code: 4401, reason: 'Unauthorized: The access token is invalid.' });
  });

  it("the token's expiry closes the connection with 4401", async () => {
    const token = await signTestToken(sg.keys.JWT_PRIVATE_KEY, { sub: leaId, role: 'CLIMBER', expiresAt: Math.floor(Date.now() / 1000) + 3 });
    const live = liveClient(sg.url, token);
    await subscribed(live);
    expect(await live.closed).toEqual({ code: 4401, reason: 'Unauthorized: The access token has expired.' });
  });

  it('logging out everywhere closes the connection within 5 s', async () => {
    const max = (await sg.build.user({ username: 'max_live' })).accessToken;
    const live = liveClient(sg.url, max);
    await subscribed(live);
    const loggedOut = Date.now();
    await sg.request(`mutation { logOutEverywhere }`, {}, max);
    expect(await live.closed).toEqual({ code: 4401, reason: 'Unauthorized: The access token has been revoked.' });
    expect(Date.now() - loggedOut).toBeLessThan(5_000);
  });

  it('caps: 20 subscriptions a connection (the 21st is refused), 10 connections a user (the 11th is closed with 4429)', async () => {
    const eve = (await sg.build.user({ username: 'eve_live' })).accessToken;
    const connections = Array.from({ length: 10 }, () => liveClient(sg.url, eve));
    try {
      const first = connections[0]!;
      for (let i = 0; i < 20; i++) await subscribed(first);
      await expect(first.subscribe(LEADERBOARD, { gymId: gym.gymId }).next()).rejects.toEqual([
        expect.objectContaining({ message: 'Too many subscriptions: at most 20 on one connection', extensions: { code: 'TOO_MANY_REQUESTS' } }),
      ]);
      for (const live of connections.slice(1)) await subscribed(live);
      expect(await liveClient(sg.url, eve).closed).toEqual({ code: 4429, reason: 'Too many connections: at most 10 per user' });
    } finally {
      await Promise.all(connections.map((live) => live.dispose()));
    }
  });

  it('connections dropped while their token is checked do not count against the user', async () => {
    const ida = (await sg.build.user({ username: 'ida_live' })).accessToken;
    // Eleven times: connection_init, then the socket is cut before the router answers it.
    for (let i = 0; i < 11; i++) {
      const socket = new WebSocket(sg.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
      await new Promise((opened) => socket.once('open', opened));
      const init = JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${ida}` } });
      await new Promise((sent) => socket.send(init, sent));
      socket.terminate();
    }
    await eventually(async () => (await metric(sg.baseUrl, 'clmb_router_subscription_connections')) === 0);
    const live = liveClient(sg.url, ida);
    try {
      await subscribed(live);
    } finally {
      await live.dispose();
    }
  });

  it('a subscribe is checked as an HTTP operation is: validation, and a subscription field the router serves', async () => {
    const live = liveClient(sg.url, lea);
    try {
      await expect(live.subscribe(`subscription { leaderboardChanged(gymId: "x") { nope } }`).next()).rejects.toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'GRAPHQL_VALIDATION_FAILED' }) }),
      ]);
      await expect(live.subscribe(`{ me { id } }`).next()).rejects.toEqual([
        expect.objectContaining({ message: 'Only subscriptions are served over graphql-ws: send queries and mutations over HTTP.' }),
      ]);
    } finally {
      await live.dispose();
    }
    expect(await sg.request(LEADERBOARD, { gymId: gym.gymId }, lea)).toMatchObject({
      status: 400,
      errors: [{ message: 'Subscriptions are served over graphql-ws on this URL (docs/api.md, "Subscriptions").', extensions: { code: 'BAD_REQUEST' } }],
    });
  });
});
