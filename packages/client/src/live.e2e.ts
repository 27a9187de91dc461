import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { startSupergraph, type Supergraph } from '@clmb/router/e2e/supergraph';
import type { Router } from '@clmb/router/service';
import { signTestToken } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  LeaderboardChangedDocument,
  MarkNotificationsReadDocument,
  NotificationAddedDocument,
  type NotificationAddedSubscription,
  NotificationsDocument,
} from './__generated__/operations';
import { authLink } from './auth-link';
import { liveLink, splitLink } from './live-link';
import { addNotification, markedNotificationsRead } from './social';
import { trustedDocumentsLink } from './trusted-documents';
import { typePolicies } from './type-policies';

describe('live updates on Apollo Client 4 through the split link', () => {
  let sg: Supergraph;
  /** Trusted documents only: the subscription's text must be the manifest's. */
  let trusted: Router;

  beforeAll(async () => {
    sg = await startSupergraph();
    trusted = await sg.startExtraRouter({ TRUSTED_DOCUMENTS: 'require' });
  }, 120_000);
  afterAll(async () => {
    await trusted?.stop();
    await sg?.stop();
  });

  it('subscribes over graphql-ws with the same token as HTTP, and receives the board after a climb', async () => {
    const admin = (await sg.build.logIn('admin@clmb.dev')).accessToken;
    const { gymId, routeIds } = await sg.build.gymWithRoutes(admin, { slug: 'live-kit', routeCount: 1 });
    const { accessToken } = await sg.build.user({ username: 'kit_live' });
    const tokens = { accessToken: () => accessToken, refresh: async () => null };
    const http = `${trusted.url}/graphql`;
    const live = liveLink({ url: http.replace(/^http/, 'ws'), webSocketImpl: WebSocket, ...tokens });
    const client = new ApolloClient({
      cache: new InMemoryCache({ typePolicies }),
      link: splitLink(live, ApolloLink.from([authLink(tokens), trustedDocumentsLink(), new HttpLink({ uri: http })])),
    });
    try {
      const payload = new Promise((resolve, reject) => {
        client.subscribe({ query: LeaderboardChangedDocument, variables: { gymId, period: 'WEEK' } }).subscribe({ next: resolve, error: reject });
      });
      // The subscription is open once the router counts it (its /metrics); then the climb's event finds it.
      const open = async () => /^clmb_router_subscriptions [1-9]/m.test(await (await fetch(`${trusted.url}/metrics`)).text());
      while (!(await open())) await new Promise((resolve) => setTimeout(resolve, 50));
      const session = await sg.build.session(accessToken, { gymId });
      await sg.build.climb(accessToken, { sessionId: session.id, routeId: routeIds[0]!, attempts: 1, sent: true });
      expect(await payload).toMatchObject({
        data: { leaderboardChanged: { period: 'WEEK', gym: { id: gymId, name: 'Gym live-kit' }, entries: [] } },
      });
    } finally {
      await live.client.dispose();
      client.stop();
    }
  });

  it('writes a NotificationAdded payload into the cached inbox, and marking it read sets the unread count, without a refetch', async () => {
    const ada = await sg.build.user({ username: 'kit_inbox' });
    const ben = await sg.build.user({ username: 'kit_follower' });
    const tokens = { accessToken: () => ada.accessToken, refresh: async () => null };
    const http = `${trusted.url}/graphql`;
    const sent: string[] = [];
    const record = new ApolloLink((operation, forward) => {
      sent.push(operation.operationName ?? '');
      return forward(operation);
    });
    const live = liveLink({ url: http.replace(/^http/, 'ws'), webSocketImpl: WebSocket, ...tokens });
    const client = new ApolloClient({
      cache: new InMemoryCache({ typePolicies }),
      link: splitLink(live, ApolloLink.from([record, authLink(tokens), trustedDocumentsLink(), new HttpLink({ uri: http })])),
    });
    try {
      expect((await client.query({ query: NotificationsDocument })).data?.me?.notifications).toMatchObject({ unreadCount: 0, edges: [] });
      const open = async () => Number(/^clmb_router_subscriptions (\d+)/m.exec(await (await fetch(`${trusted.url}/metrics`)).text())?.[1] ?? 0);
      while ((await open()) > 0) await new Promise((resolve) => setTimeout(resolve, 50));
      const payload = new Promise<{ data?: NotificationAddedSubscription }>((resolve, reject) => {
        client.subscribe({ query: NotificationAddedDocument }).subscribe({ next: (result) => resolve(result as { data?: NotificationAddedSubscription }), error: reject });
      });
      while ((await open()) < 1) await new Promise((resolve) => setTimeout(resolve, 50));
      // Ada's account is FOLLOWERS (the default): Ben's follow is a request, and she is told.
      await sg.request('mutation ($input: FollowInput!) { follow(input: $input) { status } }', { input: { userId: ada.user.id } }, ben.accessToken);
      addNotification(client.cache, await payload);
      const inbox = client.readQuery({ query: NotificationsDocument })!.me!.notifications!;
      expect(inbox.unreadCount).toBe(1);
      expect(inbox.edges.map((edge) => [edge.node.kind, edge.node.read, edge.node.actor?.username])).toEqual([['FOLLOW_REQUEST', false, 'kit_follower']]);
      const upTo = inbox.edges[0]!.node.id;
      await client.mutate({ mutation: MarkNotificationsReadDocument, variables: { input: { upTo } }, update: markedNotificationsRead });
      const read = client.readQuery({ query: NotificationsDocument })!.me!.notifications!;
      expect([read.unreadCount, read.edges.map((edge) => edge.node.read)]).toEqual([0, [true]]);
      expect(sent).toEqual(['Notifications', 'MarkNotificationsRead']);
    } finally {
      await live.client.dispose();
      client.stop();
    }
  });

  it('refreshes at every expiry of the token, not only the first, and the subscription goes on', async () => {
    const admin = (await sg.build.logIn('admin@clmb.dev')).accessToken;
    const { gymId, routeIds } = await sg.build.gymWithRoutes(admin, { slug: 'live-ivy', routeCount: 1 });
    const ivy = await sg.build.user({ username: 'ivy_live' });
    // Each token expires 2 s after it is made; the third lasts: the router closes with 4401 twice.
    let refreshes = 0;
    const sign = (seconds: number) =>
      signTestToken(sg.keys.JWT_PRIVATE_KEY, { sub: ivy.user.id, role: 'CLIMBER', expiresAt: Math.floor(Date.now() / 1000) + seconds });
    let token = await sign(2);
    const tokens = {
      accessToken: () => token,
      refresh: async () => {
        refreshes++;
        token = await sign(refreshes < 2 ? 2 : 60);
        return token;
      },
    };
    const live = liveLink({ url: sg.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, ...tokens });
    const client = new ApolloClient({ cache: new InMemoryCache({ typePolicies }), link: splitLink(live, new HttpLink({ uri: sg.url })) });
    try {
      const payload = new Promise((resolve, reject) => {
        client.subscribe({ query: LeaderboardChangedDocument, variables: { gymId, period: 'WEEK' } }).subscribe({ next: resolve, error: reject });
      });
      const open = async () => /^clmb_router_subscriptions [1-9]/m.test(await (await fetch(`${sg.baseUrl}/metrics`)).text());
      while (refreshes < 2 || !(await open())) await Promise.race([payload, new Promise((resolve) => setTimeout(resolve, 50))]);
      const session = await sg.build.session(ivy.accessToken, { gymId });
      await sg.build.climb(ivy.accessToken, { sessionId: session.id, routeId: routeIds[0]!, attempts: 1, sent: true });
      expect(await payload).toMatchObject({ data: { leaderboardChanged: { period: 'WEEK', gym: { id: gymId } } } });
      expect(refreshes).toBe(2);
    } finally {
      await live.client.dispose();
      client.stop();
    }
  });
});
