import { topics } from '@clmb/common';

/**
 * How a subscription field is served: the topic its events come on, and the query field that
 * fetches the entity an event names. The subscriber's selection is run on that query field, as the
 * subscriber, once per event (or once per burst of them).
 */
export interface LiveField {
  /** The topic to listen to, from the field's arguments and the subscriber. */
  topic(args: Readonly<Record<string, unknown>>, viewerId: string): string;
  /** The `Query` field the subscriber's selection runs on; the subscription's arguments are passed on. */
  query: string;
  /** Arguments of `query` taken from the event's entity key (argument → key field), e.g. `{ id: 'id' }`. */
  fromEntity?: Readonly<Record<string, string>>;
}

/**
 * Every subscription field the router serves. A field the supergraph has and this table does not
 * cannot be subscribed to. Adding one is an entry here and a field in the owning subgraph's SDL.
 */
export const liveFields: Readonly<Record<string, LiveField>> = {
  leaderboardChanged: { topic: (args) => topics.leaderboardChanged(String(args['gymId'])), query: 'leaderboard' },
  notificationAdded: { topic: (_, viewerId) => topics.notificationAdded(viewerId), query: 'notification', fromEntity: { id: 'id' } },
  feedItemAdded: { topic: (_, viewerId) => topics.feedItemAdded(viewerId), query: 'feedItem', fromEntity: { id: 'id' } },
};
