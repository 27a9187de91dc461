import { InMemoryCache } from '@apollo/client';
// The router's e2e harness: both subgraphs and the router in this process.
import { startSupergraph, type Supergraph } from '@clmb/router/e2e/supergraph';
import type { Router } from '@clmb/router/service';
import { signTestToken, TEST_PASSWORD } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ops from './__generated__/operations';
import { addStartedSession, removeDeletedClimb, removeDeletedSession } from './cache-updates';
import { appClient, captureConsole } from './testing';

// Run in the `client` vitest project: Node's `--conditions=development` loads Apollo Client's
// development build, the one that warns about cache data loss (see vitest.config.ts).
describe('an app on Apollo Client 4 through the router', () => {
  let sg: Supergraph;
  /** A production router: trusted documents only (TRUSTED_DOCUMENTS=require), so the app sends every operation by id. */
  let trusted: Router;
  let url: string;
  let app: ReturnType<typeof appClient>;
  let routeIds: string[];
  let userId: string;
  const printed = captureConsole();

  beforeAll(async () => {
    // The fixtures go through the supergraph's own router (`allow`): the test kit's builders send free-form operations.
    sg = await startSupergraph();
    trusted = await sg.startExtraRouter({ TRUSTED_DOCUMENTS: 'require' });
    url = `${trusted.url}/graphql`;
    const admin = await sg.build.logIn('admin@clmb.dev');
    ({ routeIds } = await sg.build.gymWithRoutes(admin.accessToken, { slug: 'the-arch', routeCount: 3 }));
    await sg.build.gymWithRoutes(admin.accessToken, { slug: 'the-castle', routeCount: 1 });
    userId = (await sg.build.user({ username: 'sam' })).user.id;
    app = appClient(url);
  });
  afterAll(async () => {
    printed.restore();
    await trusted?.stop();
    await sg?.stop();
  });

  /**
   * The logbook as the cache holds it now equals the server's, asked with no cache at all. Except
   * for one thing: on the last page, a session added after startSession has no server cursor, so
   * `endCursor` is the app's to ignore there (fetchMore only follows it while `hasNextPage`).
   */
  const expectCacheMatchesServer = async () => {
    const lastPageCursorOff = (result: ops.LogbookQuery | null | undefined) => {
      const sessions = result?.me?.sessions;
      if (!sessions || sessions.pageInfo.hasNextPage) return result;
      return { me: { ...result.me!, sessions: { ...sessions, pageInfo: { ...sessions.pageInfo, endCursor: null } } } };
    };
    const cached = app.client.readQuery({ query: ops.LogbookDocument });
    const fresh = appClient(url, { ...app.tokens });
    const { data } = await fresh.client.query({ query: ops.LogbookDocument, fetchPolicy: 'network-only' });
    expect(lastPageCursorOff(cached)).toEqual(lastPageCursorOff(data));
    return cached!.me!;
  };
  const cacheKeys = () => Object.keys(app.client.cache.extract() as object);
  /** What one step sent over the network. */
  const sentDuring = async (step: () => Promise<unknown>) => {
    const before = app.sent.length;
    await step();
    return app.sent.slice(before);
  };

  it('logs in, loads the logbook, and a smaller query of the same `me` keeps it cached', async () => {
    const { data } = await app.client.mutate({
      mutation: ops.LogInDocument,
      variables: { input: { email: 'sam@example.com', password: TEST_PASSWORD } },
      context: { anonymous: true },
    });
    Object.assign(app.tokens, { accessToken: data!.logIn.accessToken, refreshToken: data!.logIn.refreshToken });
    // The logbook screen stays open (watched) for the whole journey, as it would in the app.
    app.client.watchQuery({ query: ops.LogbookDocument }).subscribe(() => {});
    await app.client.query({ query: ops.LogbookDocument });
    const summary = await app.client.query({ query: ops.LogbookSummaryDocument, fetchPolicy: 'network-only' });
    expect(summary.data!.me).toMatchObject({ stats: { sessionCount: 0 }, sessions: { totalCount: 0 } });
    expect((await expectCacheMatchesServer()).stats).toMatchObject({ sessionCount: 0, climbCount: 0 });
  });

  let sessionId: string;
  const climbIds: string[] = [];
  it('startSession: the session heads the cached logbook without a refetch', async () => {
    const sent = await sentDuring(async () => {
      const { data } = await app.client.mutate({
        mutation: ops.StartSessionDocument,
        variables: { input: { gymId: (await gymIdOf(routeIds[0]!))!, name: 'Evening', startTime: '2026-11-27T18:00:00.000Z' } },
        update: addStartedSession,
      });
      sessionId = data!.startSession.id;
    });
    expect(sent.filter((name) => name !== 'Route')).toEqual(['StartSession']);
    const me = await expectCacheMatchesServer();
    expect(me.sessions!.edges.map((edge) => edge.node.id)).toEqual([sessionId]);
    expect(me.sessions!.totalCount).toBe(1);
  });

  it('logClimb, endSession, updateSession, updateClimb: each result is in the cache without a refetch', async () => {
    const steps = {
      LogClimb: async () => {
        for (const [i, sent] of [true, false].entries()) {
          const { data } = await app.client.mutate({
            mutation: ops.LogClimbDocument,
            variables: { input: { sessionId, routeId: routeIds[i]!, attempts: 2, sent, style: sent ? 'REDPOINT' : 'ATTEMPT' } },
          });
          climbIds.push(data!.logClimb.id);
        }
      },
      EndSession: () =>
        app.client.mutate({ mutation: ops.EndSessionDocument, variables: { input: { id: sessionId, endTime: '2026-11-27T19:30:00.000Z' } } }),
      UpdateSession: () =>
        app.client.mutate({ mutation: ops.UpdateSessionDocument, variables: { input: { id: sessionId, name: 'Late', mood: 'GOOD' } } }),
      UpdateClimb: () => app.client.mutate({ mutation: ops.UpdateClimbDocument, variables: { input: { id: climbIds[1]!, sent: true, style: 'REDPOINT' } } }),
    };
    for (const [name, step] of Object.entries(steps)) {
      expect(new Set(await sentDuring(step))).toEqual(new Set([name]));
      await expectCacheMatchesServer();
    }
    const me = await expectCacheMatchesServer();
    expect(me.sessions!.edges[0]!.node).toMatchObject({ name: 'Late', mood: 'GOOD', duration: 'PT1H30M', climbs: [{ sent: true }, { sent: true }] });
    expect(me.stats).toEqual({ __typename: 'UserStats', sessionCount: 1, climbCount: 2, sendCount: 2, totalDuration: 'PT1H30M' });
  });

  it('deleteClimb and deleteSession: gone from the cache, totals adjusted, without a refetch', async () => {
    const deleteClimb = () =>
      app.client.mutate({ mutation: ops.DeleteClimbDocument, variables: { input: { id: climbIds[0]! } }, update: removeDeletedClimb });
    expect(await sentDuring(deleteClimb)).toEqual(['DeleteClimb']);
    expect((await expectCacheMatchesServer()).stats).toMatchObject({ climbCount: 1, sendCount: 1 });
    expect(cacheKeys()).not.toContain(`Climb:${climbIds[0]}`);

    const deleteSession = () =>
      app.client.mutate({ mutation: ops.DeleteSessionDocument, variables: { input: { id: sessionId } }, update: removeDeletedSession });
    expect(await sentDuring(deleteSession)).toEqual(['DeleteSession']);
    const me = await expectCacheMatchesServer();
    expect(me.sessions).toMatchObject({ totalCount: 0, edges: [] });
    expect(me.stats).toMatchObject({ sessionCount: 0, climbCount: 0, totalDuration: 'PT0S' });
    expect(cacheKeys().filter((key) => key.startsWith('Session:') || key.startsWith('Climb:'))).toEqual([]);
  });

  it('the public gyms page pages Relay-style into one cached list', async () => {
    const page = await app.client.query({ query: ops.GymsDocument, variables: { first: 1 } });
    expect(page.data!.gyms.pageInfo.hasNextPage).toBe(true);
    const query = app.client.watchQuery({ query: ops.GymsDocument, variables: { first: 1 } });
    query.subscribe(() => {});
    await query.fetchMore({ variables: { after: page.data!.gyms.pageInfo.endCursor } });
    const cached = app.client.readQuery({ query: ops.GymsDocument, variables: { first: 1 } });
    expect(cached!.gyms.edges.map((edge) => edge.node.slug)).toEqual(['the-arch', 'the-castle'].sort());
  });

  it("a partial FORBIDDEN: with errorPolicy 'all' the public profile renders next to the error", async () => {
    const admin = (await sg.build.logIn('admin@clmb.dev')).user.id;
    const variables = { id: admin };
    const result = await app.client.query({ query: ops.UserProfileWithStatsDocument, variables, errorPolicy: 'all' });
    expect(result.data!.user).toMatchObject({ username: 'admin', stats: null });
    expect((result.error as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // The default policy ('none') rejects the whole result instead.
    await expect(app.client.query({ query: ops.UserProfileWithStatsDocument, variables, fetchPolicy: 'network-only' })).rejects.toThrow(
      /this climber's stats/,
    );
  });

  it('an expired token on a public screen: refreshed and retried, or dropped when it cannot be', async () => {
    const expired = await signTestToken(sg.keys.JWT_PRIVATE_KEY, { sub: userId, role: 'CLIMBER', expiresAt: 1_000 });
    app.tokens.accessToken = expired;
    const refreshed = await app.client.query({ query: ops.LogbookSummaryDocument, fetchPolicy: 'network-only' });
    expect(refreshed.data!.me!.id).toBe(userId);
    expect(app.tokens.accessToken).not.toBe(expired);

    Object.assign(app.tokens, { accessToken: expired, refreshToken: 'revoked' });
    const gyms = await app.client.query({ query: ops.GymsDocument, variables: { first: 5 }, fetchPolicy: 'network-only' });
    expect(gyms.data!.gyms.totalCount).toBe(2);
    expect(app.tokens).toEqual({ accessToken: null, refreshToken: null });
  });

  it("a web app's origin gets CORS headers and a cacheable preflight from a router that lists it; others get none", async () => {
    const router = await sg.startExtraRouter({ CORS_ORIGINS: 'https://app.clmb.dev' });
    const preflight = (origin: string) =>
      fetch(`${router.url}/graphql`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
    try {
      const allowed = await preflight('https://app.clmb.dev');
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.clmb.dev');
      expect(allowed.headers.get('access-control-max-age')).toBe('600');
      expect((await preflight('https://elsewhere.example')).headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await router.stop();
    }
  });

  // Last: Apollo warns once per type and field per process, so this must not run before the journey.
  it('prints nothing; the same queries on a cache without the kit would have warned', () => {
    expect(printed.lines).toEqual([]);
    const bare = new InMemoryCache();
    const logbook = app.client.readQuery({ query: ops.LogbookDocument })!;
    bare.writeQuery({ query: ops.LogbookDocument, data: logbook });
    const me = { __typename: 'User', id: userId, username: 'sam', sessions: null } as const;
    bare.writeQuery({ query: ops.LogbookSummaryDocument, data: { me: { ...me, stats: { __typename: 'UserStats', sessionCount: 1 } } } });
    expect(printed.lines.join('\n')).toMatch(/Cache data may be lost when replacing the stats field of a User object/);
  });

  const gymIdOf = async (routeId: string) =>
    (await app.client.query({ query: ops.RouteDocument, variables: { id: routeId } })).data!.route?.gym.id;
});
