import type { RequestHandler, Response } from 'express';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { EntityEvent, EventPublisher, EventStream } from './events';
import type { Logger } from './logger';

// How events leave the process that publishes them (docs/architecture.md, "The event path"):
// through Redis pub/sub when REDIS_URL is set, one channel per topic, so every router replica
// hears the topics its subscribers listen to; and always through the subgraph's `GET /events`
// stream, which routers without Redis follow. A lost event costs a live update, never a write.

/** Where a topic's events are published in Redis: one prefix per deployment (and per test). */
export const eventChannel = (prefix: string, topic: string) => `${prefix}${topic}`;

const entityEvent = z.object({
  topic: z.string().min(1).max(200),
  entity: z.looseObject({ __typename: z.string().min(1).max(100) }),
});

/** An event from another process (Redis, a stream), or null when it is not one. */
export function parseEntityEvent(text: string): EntityEvent | null {
  try {
    const parsed = entityEvent.safeParse(JSON.parse(text));
    return parsed.success ? (parsed.data as EntityEvent) : null;
  } catch {
    return null;
  }
}

/** Sends one event to every publisher: the service's in-process bus and, with Redis, Redis. */
export const publishToAll = (...publishers: readonly EventPublisher[]): EventPublisher => ({
  publish: (events) => {
    for (const publisher of publishers) publisher.publish(events);
  },
});

/**
 * Publishes to Redis, fire and forget. The connection fails fast (no offline queue): while Redis
 * is away an event is dropped and the outage logged once, and the write that announced it is
 * not held up.
 */
export async function createRedisEventPublisher(url: string, prefix: string, logger: Logger): Promise<EventPublisher & { close(): void }> {
  const { Redis } = await import('ioredis');
  const redis: Redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: 500, retryStrategy: (n) => Math.min(n * 200, 2_000) });
  let down = false;
  redis.on('error', () => {});
  redis.on('ready', () => {
    if (down) logger.info('events: Redis back, live updates flow again');
    down = false;
  });
  const failed = (error: unknown) => {
    if (!down) logger.warn({ err: error }, 'events: cannot publish to Redis; live updates are lost until it is back');
    down = true;
  };
  return {
    publish(events) {
      for (const event of events) redis.publish(eventChannel(prefix, event.topic), JSON.stringify(event)).catch(failed);
    },
    close: () => redis.disconnect(),
  };
}

/** How often an idle stream says it is alive, so proxies keep it open and a router notices a dead one. */
export const EVENT_STREAM_HEARTBEAT_MS = 15_000;

/**
 * `GET /events`: every event the process publishes, as server-sent events (`data: <json>`), for
 * routers without Redis. Behind the same subgraph-secret guard as `/graphql`. `close` ends every
 * open stream, so a service stopping does not wait for them.
 */
export function eventStreamRoute(stream: EventStream) {
  const open = new Set<Response>();
  const handler: RequestHandler = (req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': clmb events\n\n');
    const stop = stream.listen((event) => res.write(`data: ${JSON.stringify(event)}\n\n`));
    const heartbeat = setInterval(() => res.write(':\n\n'), EVENT_STREAM_HEARTBEAT_MS);
    open.add(res);
    req.on('close', () => {
      stop();
      clearInterval(heartbeat);
      open.delete(res);
    });
  };
  return {
    handler,
    close() {
      for (const res of open) res.end();
    },
  };
}
