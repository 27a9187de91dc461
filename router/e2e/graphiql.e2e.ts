import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { type Browser, chromium, type Page } from 'playwright-core';
import { dataOf } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSupergraph, type Supergraph } from './supergraph';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const SCREENSHOT_DIR = new URL('../../test-output/', import.meta.url);
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`graphiql.e2e.ts skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);

/** The page's DOM, as far as these tests read it (the router's tsconfig has no DOM types). */
interface PageDocument {
  querySelector(selector: string): { textContent: string | null; CodeMirror?: { getValue(): string; setValue(v: string): void } } | null;
}

/** What a CodeMirror editor of the page holds, or sets it: GraphiQL 4's editors are CodeMirror 5. */
const editor = (page: Page, selector: string, value?: string) =>
  page.evaluate(
    ([selector, value]) => {
      const element = (globalThis as unknown as { document: PageDocument }).document.querySelector(selector!);
      if (!element?.CodeMirror) throw new Error(`no editor at ${selector}`);
      if (value !== undefined) element.CodeMirror.setValue(value);
      return element.CodeMirror.getValue();
    },
    [selector, value] as const,
  );

/** Runs the explorer's tabs of `page`. */
function tabs(page: Page) {
  const shows = (selector: string, text: string) =>
    page.waitForFunction(
      ([selector, text]) => (globalThis as unknown as { document: PageDocument }).document.querySelector(selector!)?.textContent?.includes(text!),
      [selector, text] as const,
    );
  const toolEditor = '.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror';
  /**
   * Opens a tab by its name (exactly: Notifications is not NotificationsLive), checks it holds its
   * operation, sends it (with a token, and variables if given), runs `meanwhile` (what a
   * subscription waits for) and answers the result once it shows `expect`.
   */
  const runTab = async (operation: string, options: { token?: string; variables?: Record<string, unknown>; expect: string; meanwhile?: () => Promise<unknown> }) => {
    await page.locator('.graphiql-tab-button').filter({ hasText: new RegExp(`^${operation}$`) }).click();
    await shows('.graphiql-query-editor', operation);
    if (options.variables) {
      await page.getByRole('button', { name: 'Variables' }).click();
      await editor(page, toolEditor, JSON.stringify(options.variables));
      await page.getByRole('button', { name: 'Headers' }).click();
    }
    if (options.token) await editor(page, toolEditor, JSON.stringify({ Authorization: `Bearer ${options.token}` }));
    await page.locator('.graphiql-execute-button').click();
    await options.meanwhile?.();
    await shows('.result-window', options.expect).catch(async (error: unknown) => {
      await mkdir(SCREENSHOT_DIR, { recursive: true });
      await page.screenshot({ path: new URL(`graphiql-${operation}-failed.png`, SCREENSHOT_DIR).pathname });
      throw error;
    });
    return JSON.parse(await editor(page, '.result-window .CodeMirror'));
  };
  return { runTab };
}

describe.skipIf(!hasChromium)('GraphiQL at /graphiql, in a real browser with no network beyond the router', () => {
  let sg: Supergraph;
  let browser: Browser;
  let token: string;
  let wallId: string;
  let offlineGym: { gymId: string; routeIds: string[] };

  beforeAll(async () => {
    sg = await startSupergraph();
    const admin = await sg.build.logIn('admin@clmb.dev');
    offlineGym = await sg.build.gymWithRoutes(admin.accessToken, { slug: 'offline-gym', routeCount: 2 });
    const { gymId, routeIds } = offlineGym;
    const climber = await sg.build.user({ username: 'offline' });
    token = climber.accessToken;
    const session = await sg.build.session(token, { gymId, name: 'Plane bouldering' });
    await sg.build.climb(token, { sessionId: session.id, routeId: routeIds[0]!, attempts: 2, sent: true });
    // The staff journey's data: the demo owner (seeded by users) on this gym's staff, a wall, a
    // climber's report and a strip planned for the week.
    const run = async (query: string, variables: Record<string, unknown>, as: string) => dataOf(await sg.request(query, variables, as));
    await run('mutation ($input: AddGymStaffInput!) { addGymStaff(input: $input) { role } }', { input: { gymId, login: 'demo_owner', role: 'OWNER' } }, admin.accessToken);
    wallId = (await run('mutation ($input: CreateWallInput!) { createWall(input: $input) { id } }', { input: { gymId, name: 'The Cave' } }, admin.accessToken))['createWall'].id;
    await run('mutation ($input: UpdateRouteInput!) { updateRoute(input: $input) { id } }', { input: { id: routeIds[1]!, wallId } }, admin.accessToken);
    await run('mutation ($input: ReportRouteInput!) { reportRoute(input: $input) { id } }', { input: { routeId: routeIds[0]!, reason: 'SPINNING_HOLD', note: 'the blue crimp turns' } }, token);
    const plannedStripAt = new Date(Date.now() + 3 * 86_400_000).toISOString();
    await run('mutation ($input: PlanStripInput!) { planStrip(input: $input) { id } }', { input: { routeIds: [routeIds[1]!], plannedStripAt } }, admin.accessToken);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await sg?.stop();
  });

  it('loads from the router alone, and runs the logbook query with a token from the headers editor', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const outside: string[] = [];
    // Offline: anything but the router itself is refused, as on a plane.
    await page.route('**/*', (route) => {
      const { hostname } = new URL(route.request().url());
      if (hostname === '127.0.0.1' || hostname === 'localhost') return route.continue();
      outside.push(route.request().url());
      return route.abort();
    });
    await page.goto(`${sg.baseUrl}/graphiql`);
    await page.getByText('Demo login').waitFor();
    await page.locator('.graphiql-tab', { hasText: 'Logbook' }).click();
    // The run button sends the operation the editor shows: wait until the tab switch has landed.
    const shows = (selector: string, text: string) =>
      page.waitForFunction(
        ([selector, text]) => (globalThis as unknown as { document: PageDocument }).document.querySelector(selector!)?.textContent?.includes(text!),
        [selector, text] as const,
      );
    await shows('.graphiql-query-editor', 'query Logbook');
    await editor(page, '.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror', JSON.stringify({ Authorization: `Bearer ${token}` }));
    await page.locator('.graphiql-execute-button').click();
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    await shows('.result-window', 'Plane bouldering').catch(async (error: unknown) => {
      await page.screenshot({ path: new URL('graphiql-failed.png', SCREENSHOT_DIR).pathname });
      throw error;
    });
    const result = JSON.parse(await editor(page, '.result-window .CodeMirror'));
    expect(result.data.me.username).toBe('offline');
    expect(result.data.me.sessions.edges.map((edge: { node: { name: string; climbs: unknown[] } }) => [edge.node.name, edge.node.climbs.length])).toEqual([
      ['Plane bouldering', 1],
    ]);
    expect(outside).toEqual([]);
    await page.screenshot({ path: new URL('graphiql.png', SCREENSHOT_DIR).pathname });
  }, 60_000);

  it('walks the staff journey in its tabs: the demo owner logs in, then the report queue, the strip list and a wall plan', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${sg.baseUrl}/graphiql`);
    await page.getByText('Demo login').waitFor();
    const { runTab } = tabs(page);
    // The tab's own variables log in as the demo owner.
    const logIn = await runTab('StaffLogIn', { expect: 'accessToken' });
    expect(logIn.data.logIn.user.username).toBe('demo_owner');
    const staff = logIn.data.logIn.accessToken as string;

    const queue = await runTab('ReportQueue', { token: staff, expect: 'the blue crimp turns' });
    expect(queue.errors).toBeUndefined();
    expect(queue.data.me.staffRoles).toEqual([
      {
        role: 'OWNER',
        gym: { name: 'Gym offline-gym', reports: { edges: [expect.objectContaining({ node: expect.objectContaining({ reason: 'SPINNING_HOLD', reporter: { username: 'offline' } }) })] } },
      },
    ]);

    const strip = await runTab('StripList', { token: staff, expect: 'plannedStripAt' });
    expect(strip.errors).toBeUndefined();
    const [gym] = strip.data.me.staffRoles;
    expect(gym.gym.walls).toEqual([{ id: wallId, name: 'The Cave', lastResetAt: null }]);
    expect(gym.gym.routesComingDown.edges.map((edge: { node: { name: string; outSoon: boolean; wall: { name: string } } }) => edge.node)).toEqual([
      expect.objectContaining({ name: 'Route 1', outSoon: true, wall: { name: 'The Cave' } }),
    ]);

    const plan = await runTab('WallPlan', { token: staff, variables: { wallId }, expect: 'ratingsIncluded' });
    expect(plan.errors).toBeUndefined();
    expect(plan.data.wall).toMatchObject({ name: 'The Cave', lastResetAt: null });
    expect(plan.data.planReset.candidates.map((candidate: { route: { name: string } }) => candidate.route.name)).toEqual(['Route 1']);
    await page.close();
  }, 60_000);

  it('subscribes in the LeaderboardLive tab over graphql-ws, with the token of the headers editor', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${sg.baseUrl}/graphiql`);
    await page.getByText('Demo login').waitFor();
    await page.locator('.graphiql-tab', { hasText: 'LeaderboardLive' }).click();
    await page.waitForFunction(() =>
      (globalThis as unknown as { document: PageDocument }).document.querySelector('.graphiql-query-editor')?.textContent?.includes('leaderboardChanged'),
    );
    const toolEditor = '.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror';
    await page.getByRole('button', { name: 'Variables' }).click();
    await editor(page, toolEditor, JSON.stringify({ gymId: offlineGym.gymId }));
    await page.getByRole('button', { name: 'Headers' }).click();
    await editor(page, toolEditor, JSON.stringify({ Authorization: `Bearer ${token}` }));
    const open = async () => /^clmb_router_subscriptions [1-9]/m.test(await (await fetch(`${sg.baseUrl}/metrics`)).text());
    // No other subscription is open in this file: the router counts this one once it holds it.
    await page.locator('.graphiql-execute-button').click();
    while (!(await open())) await new Promise((resolve) => setTimeout(resolve, 50));
    const session = await sg.build.session(token, { gymId: offlineGym.gymId });
    await sg.build.climb(token, { sessionId: session.id, routeId: offlineGym.routeIds[1]!, attempts: 1, sent: true });
    await page.waitForFunction(() =>
      (globalThis as unknown as { document: PageDocument }).document.querySelector('.result-window')?.textContent?.includes('Gym offline-gym'),
    );
    expect(JSON.parse(await editor(page, '.result-window .CodeMirror'))).toEqual({ data: { leaderboardChanged: { gym: { name: 'Gym offline-gym' }, entries: [] } } });
    await page.close();
  }, 60_000);

  it('walks the social journey in its tabs: find a climber, their profile, follow, the feed, notifications, and NotificationsLive', async () => {
    const pia = await sg.build.user({ username: 'pia_public' });
    const run = async (query: string, variables: Record<string, unknown>, as: string) => dataOf(await sg.request(query, variables, as));
    await run('mutation { updatePreferences(input: { visibility: PUBLIC }) { visibility } }', {}, pia.accessToken);
    const session = await sg.build.session(pia.accessToken, { gymId: offlineGym.gymId, name: 'Slab day' });
    await sg.build.endSession(pia.accessToken, session.id);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${sg.baseUrl}/graphiql`);
    await page.getByText('Demo login').waitFor();
    const { runTab } = tabs(page);

    const found = await runTab('Climbers', { token, variables: { query: 'pia' }, expect: 'pia_public' });
    expect(found.data.searchUsers.edges).toEqual([{ node: { id: pia.user.id, username: 'pia_public', visibility: 'PUBLIC', viewerFollowStatus: 'NONE' } }]);
    const profile = await runTab('Profile', { token, variables: { id: pia.user.id }, expect: 'Slab day' });
    expect(profile.errors).toBeUndefined();
    expect(profile.data.user).toMatchObject({ username: 'pia_public', followerCount: 0, viewerFollowStatus: 'NONE', sessions: { totalCount: 1, privateCount: 0 } });
    const follow = await runTab('Follow', { token, variables: { userId: pia.user.id }, expect: 'FOLLOWING' });
    expect(follow.data.follow).toEqual({ status: 'FOLLOWING', user: { username: 'pia_public', followerCount: 1, viewerFollowStatus: 'FOLLOWING' } });
    const feed = await runTab('Feed', { token, expect: 'SESSION_ENDED' });
    expect(feed.data.me.feed.edges[0].node).toMatchObject({ kind: 'SESSION_ENDED', actor: { username: 'pia_public' }, session: { name: 'Slab day', gym: { name: 'Gym offline-gym' } } });
    const inbox = await runTab('Notifications', { token: pia.accessToken, expect: 'NEW_FOLLOWER' });
    expect(inbox.data.me.notifications).toMatchObject({ unreadCount: 1, edges: [{ node: { kind: 'NEW_FOLLOWER', read: false, actor: { username: 'offline' } } }] });

    // Live: the router holds Pia's subscription (the earlier tests' pages are closed), then kudos arrive.
    const open = async () => Number(/^clmb_router_subscriptions (\d+)/m.exec(await (await fetch(`${sg.baseUrl}/metrics`)).text())?.[1] ?? 0);
    while ((await open()) > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    const live = await runTab('NotificationsLive', {
      token: pia.accessToken,
      expect: 'KUDOS',
      meanwhile: async () => {
        while ((await open()) < 1) await new Promise((resolve) => setTimeout(resolve, 50));
        await run('mutation ($input: GiveKudosInput!) { giveKudos(input: $input) { id } }', { input: { sessionId: session.id } }, token);
      },
    });
    expect(live).toEqual({ data: { notificationAdded: { kind: 'KUDOS', createdAt: expect.any(String), actor: { username: 'offline' }, session: { name: 'Slab day', gym: { name: 'Gym offline-gym' } } } } });
    await page.close();
  }, 90_000);

  it('tells a developer on the Sandbox page where the offline explorer is', async () => {
    const response = await fetch(`${sg.baseUrl}/graphql`, { headers: { accept: 'text/html' } });
    expect(await response.text()).toContain('The offline explorer is at <a href="/graphiql"');
  });
});
