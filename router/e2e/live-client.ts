import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface Closed {
  code: number;
  reason: string;
}

/**
 * A graphql-ws client of the router, as an app connects (connectionParams.authorization), that
 * does not reconnect: `closed` resolves with the code and reason the router closed it with.
 */
export function liveClient(httpUrl: string, token?: string) {
  let onClosed: (closed: Closed) => void = () => {};
  const closed = new Promise<Closed>((resolve) => (onClosed = resolve));
  const client: Client = createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    lazy: false,
    retryAttempts: 0,
    onNonLazyError: () => {},
    on: {
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: unknown };
        onClosed({ code, reason: String(reason) });
      },
    },
  });
  /** A subscription's payloads (or its errors, thrown) as they come. */
  const subscribe = <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) =>
    client.iterate<T>({ query, variables })[Symbol.asyncIterator]();
  return { client, closed, subscribe, dispose: () => client.dispose() };
}

/** A router's gauge or counter sample from its /metrics, e.g. `clmb_router_subscriptions` or `…{reason="slow"}`. */
export async function metric(baseUrl: string, series: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

/** Polls until `check` holds (every 50 ms, up to `ms`). */
export async function eventually(check: () => Promise<boolean> | boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
