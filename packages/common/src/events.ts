/**
 * Anything pushed to a client is an event naming an entity (docs/architecture.md), published by
 * the subgraph that owns the write, after the write commits. The router resolves each
 * subscriber's selection from that entity through the query planner, with the subscriber's
 * identity: an event carries no data a subscriber could see without being allowed to.
 */
export interface EntityEvent {
  /** Which subscriptions hear it: one of `topics` below. */
  topic: string;
  /** The entity a subscriber's selection starts from: its type and its key fields. */
  entity: { __typename: string } & Record<string, string | number | boolean>;
}

/** What a service publishes through. Fire and forget: a lost event costs a live update, never a write. */
export interface EventPublisher {
  publish(events: readonly EntityEvent[]): void;
}

/** What the router listens to: `listener` hears every event of `topic` until the returned function is called. */
export interface EventSubscriber {
  subscribe(topic: string, listener: (event: EntityEvent) => void): () => void;
}

export type EventBus = EventPublisher & EventSubscriber;

/** Every event a process publishes, whatever its topic: what a subgraph's `GET /events` streams. */
export interface EventStream {
  listen(listener: (event: EntityEvent) => void): () => void;
}

/** The topics subscription fields listen to, one place for publishers and the router to agree on. */
export const topics = {
  /** A notification for `userId`: the entity is the Notification. */
  notificationAdded: (userId: string) => `notificationAdded:${userId}`,
  /** A feed item for the follower `userId`'s feed: the entity is the FeedItem. */
  feedItemAdded: (userId: string) => `feedItemAdded:${userId}`,
  /** A gym's leaderboards changed: the entity names the gym. */
  leaderboardChanged: (gymId: string) => `leaderboardChanged:${gymId}`,
};

/** Events within one process: the bus a service uses without REDIS_URL, and tests. */
export function createLocalEventBus(): EventBus & EventStream {
  const listeners = new Map<string, Set<(event: EntityEvent) => void>>();
  const everything = new Set<(event: EntityEvent) => void>();
  return {
    publish(events) {
      for (const event of events) {
        for (const listener of listeners.get(event.topic) ?? []) listener(event);
        for (const listener of everything) listener(event);
      }
    },
    listen(listener) {
      everything.add(listener);
      return () => everything.delete(listener);
    },
    subscribe(topic, listener) {
      const set = listeners.get(topic) ?? new Set();
      set.add(listener);
      listeners.set(topic, set);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(topic);
      };
    },
  };
}
