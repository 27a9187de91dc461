import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { startSupergraph, type Supergraph } from '@clmb/router/e2e/supergraph';
import type { Router } from '@clmb/router/service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LeaderboardChangedDocument } from './__generated__/operations';
import { authLink } from './auth-link';
import { liveLink, splitLink } from './live-link';
import { trustedDocumentsLink } from './trusted-documents';
import { typePolicies } from './type-policies';

describe('a live leaderboard on Apollo Client 4 through the split link', () => {
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
});
