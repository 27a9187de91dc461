import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { type Browser, chromium, type Page } from 'playwright-core';
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

describe.skipIf(!hasChromium)('GraphiQL at /graphiql, in a real browser with no network beyond the router', () => {
  let sg: Supergraph;
  let browser: Browser;
  let token: string;

  beforeAll(async () => {
    sg = await startSupergraph();
    const admin = await sg.build.logIn('admin@clmb.dev');
    const { gymId, routeIds } = await sg.build.gymWithRoutes(admin.accessToken, { slug: 'offline-gym', routeCount: 2 });
    const climber = await sg.build.user({ username: 'offline' });
    token = climber.accessToken;
    const session = await sg.build.session(token, { gymId, name: 'Plane bouldering' });
    await sg.build.climb(token, { sessionId: session.id, routeId: routeIds[0]!, attempts: 2, sent: true });
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

  it('tells a developer on the Sandbox page where the offline explorer is', async () => {
    const response = await fetch(`${sg.baseUrl}/graphql`, { headers: { accept: 'text/html' } });
    expect(await response.text()).toContain('The offline explorer is at <a href="/graphiql"');
  });
});
