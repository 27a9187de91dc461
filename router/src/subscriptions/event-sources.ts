import { createLocalEventBus, type EventSubscriber, eventChannel, type Logger, parseEntityEvent, subgraphSecretHeaders } from '@clmb/common';

/** Where the router hears events: Redis (any replica hears every service) or each subgraph's stream. */
export type EventSource = EventSubscriber & { close(): void };

/**
 * Events from Redis pub/sub: one channel per topic, subscribed while some subscription here
 * listens to it. ioredis reconnects and subscribes again by itself; events published meanwhile
 * are lost (a missed live update, never a write).
 */
export async function redisEventSource(url: string, prefix: string, logger: Logger): Promise<EventSource> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, { retryStrategy: (attempt) => Math.min(attempt * 200, 2_000) });
  const bus = createLocalEventBus();
  const listening = new Map<string, number>();
  let down = false;
  redis.on('error', (error) => {
    if (!down) logger.warn({ err: error }, 'subscriptions: Redis unreachable, no live updates until it is back');
    down = true;
  });
  redis.on('ready', () => {
    if (down) logger.info('subscriptions: Redis back');
    down = false;
  });
  redis.on('message', (channel: string, message: string) => {
    const event = parseEntityEvent(message);
    if (event && channel === eventChannel(prefix, event.topic)) bus.publish([event]);
  });
  return {
    subscribe(topic, listener) {
      const count = listening.get(topic) ?? 0;
      listening.set(topic, count + 1);
      if (count === 0) redis.subscribe(eventChannel(prefix, topic)).catch(() => {});
      const stop = bus.subscribe(topic, listener);
      return () => {
        stop();
        const left = (listening.get(topic) ?? 1) - 1;
        if (left > 0) return void listening.set(topic, left);
        listening.delete(topic);
        redis.unsubscribe(eventChannel(prefix, topic)).catch(() => {});
      };
    },
    close: () => redis.disconnect(),
  };
}

/** A stream that says nothing for this long (it heartbeats every 15 s) is dead: connect again. */
const SILENCE_MS = 45_000;
const MAX_BACKOFF_MS = 5_000;
/** How long a stream may not be up yet, once the router starts, before that is a warning: subgraphs started beside the router may still be starting. */
const STARTING_MS = 30_000;

/**
 * Without Redis: every subgraph's `GET /events` (server-sent events of its in-process bus), each
 * followed for as long as the router runs and connected again after a failure, waiting 250 ms
 * doubling up to 5 s. Events published while a stream is down are lost. A stream lost, or not up
 * STARTING_MS after the router started, is a warning, and its return an info; one not up yet at
 * first is an info (a subgraph started beside the router, still seeding).
 */
export function subgraphEventStreams(subgraphs: ReadonlyMap<string, string>, secret: string | undefined, logger: Logger): EventSource {
  const bus = createLocalEventBus();
  const stopping = new AbortController();
  const follow = async (name: string, graphqlUrl: string) => {
    let backoff = 250;
    const started = Date.now();
    let connected = false;
    /** What has been logged of the stream being down since it was last up: nothing, an info (not up yet), a warning. */
    let told: 'nothing' | 'info' | 'warning' = 'nothing';
    while (!stopping.signal.aborted) {
      const attempt = new AbortController();
      const stop = () => attempt.abort();
      stopping.signal.addEventListener('abort', stop);
      let silence = setTimeout(stop, SILENCE_MS);
      try {
        const response = await fetch(new URL('/events', graphqlUrl), { headers: subgraphSecretHeaders(secret), signal: attempt.signal });
        if (!response.ok || !response.body) throw new Error(`GET /events answered ${response.status}`);
        if (told !== 'nothing') logger.info({ subgraph: name }, connected ? 'subscriptions: event stream back' : 'subscriptions: event stream up');
        backoff = 250;
        connected = true;
        told = 'nothing';
        let buffered = '';
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value: chunk, done } = await reader.read();
          if (done) break;
          clearTimeout(silence);
          silence = setTimeout(stop, SILENCE_MS);
          buffered += chunk;
          const messages = buffered.split('\n\n');
          buffered = messages.pop() ?? '';
          for (const message of messages) {
            const data = message.split('\n').filter((line) => line.startsWith('data: ')).map((line) => line.slice(6)).join('\n');
            const event = data ? parseEntityEvent(data) : null;
            if (event) bus.publish([event]);
          }
        }
      } catch (error) {
        if (!stopping.signal.aborted && told !== 'warning') {
          const late = connected || Date.now() - started >= STARTING_MS;
          const message = connected ? 'subscriptions: event stream lost, connecting again' : 'subscriptions: event stream still not up, trying again';
          if (late) logger.warn({ err: error, subgraph: name }, message);
          else if (told === 'nothing') logger.info({ subgraph: name }, 'subscriptions: event stream not up yet, trying again');
          told = late ? 'warning' : 'info';
        }
      } finally {
        clearTimeout(silence);
        stopping.signal.removeEventListener('abort', stop);
      }
      if (stopping.signal.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, backoff));
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
  };
  for (const [name, url] of subgraphs) void follow(name, url);
  return { subscribe: bus.subscribe, close: () => stopping.abort() };
}
