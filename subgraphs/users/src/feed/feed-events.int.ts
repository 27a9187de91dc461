import { createLocalEventBus, type EntityEvent, topics } from '@clmb/common';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { schema, type UsersDb } from '../db';
import * as sessions from '../logbook/sessions';
import * as kudos from '../reactions/kudos';
import { openTestDatabase, testContext } from '../test-service';

// What the feed and kudos announce, heard on the service's local bus: after the commit, one
// batch call per write, one event per follower.

let database: Awaited<ReturnType<typeof openTestDatabase>>;
const db = (): UsersDb => database.db;

beforeAll(async () => {
  database = await openTestDatabase('users_feed_events');
}, 60_000);
afterAll(() => database?.close());

async function climber(visibility: 'PUBLIC' | 'FOLLOWERS' = 'FOLLOWERS') {
  const [row] = await db()
    .insert(schema.users)
    .values({ email: `${crypto.randomUUID()}@example.com`, username: `u${crypto.randomUUID().slice(0, 8)}`, visibility })
    .returning();
  return row!.id;
}

/** A request of `userId`'s whose events go to a bus the test listens to, with each publish call counted. */
function request(userId: string) {
  const bus = createLocalEventBus();
  const calls: EntityEvent[][] = [];
  const publish = (events: readonly EntityEvent[]) => {
    calls.push([...events]);
    bus.publish(events);
  };
  const ctx = testContext(db(), { events: { publish } });
  return { ctx: Object.assign(ctx, { viewer: { id: userId, role: 'CLIMBER' as const } }), bus, calls };
}

describe('feed events', () => {
  it('announces a session ended to each follower, in one batch, once it is written', async () => {
    const alex = await climber();
    const followers = [await climber(), await climber(), await climber()];
    await db().insert(schema.follows).values(followers.map((followerId) => ({ followerId, followeeId: alex })));
    const [session] = await db().insert(schema.sessions).values({ userId: alex, gymId: crypto.randomUUID() }).returning();
    const { ctx, bus, calls } = request(alex);
    const heard: EntityEvent[] = [];
    for (const follower of followers) bus.subscribe(topics.feedItemAdded(follower), (event) => heard.push(event));

    await sessions.endSession(ctx, { id: session!.id });
    await vi.waitFor(() => expect(heard).toHaveLength(3));
    const [item] = await db().select().from(schema.feedItems).where(eq(schema.feedItems.sessionId, session!.id));
    expect(heard).toEqual(followers.map((follower) => ({ topic: topics.feedItemAdded(follower), entity: { __typename: 'FeedItem', id: item!.id } })));
    expect(calls).toHaveLength(1);

    // A write that fails announces nothing: the next call is the next session's.
    await expect(sessions.endSession(ctx, { id: session!.id })).rejects.toThrow(/already ended/);
    const [next] = await db().insert(schema.sessions).values({ userId: alex, gymId: crypto.randomUUID() }).returning();
    await sessions.endSession(ctx, { id: next!.id });
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    const [nextItem] = await db().select().from(schema.feedItems).where(eq(schema.feedItems.sessionId, next!.id));
    expect(new Set(calls[1]!.map((event) => event.entity['id']))).toEqual(new Set([nextItem!.id]));
  });

  it('announces a kudos to the owner as a notification, after the commit', async () => {
    const owner = await climber('PUBLIC');
    const giver = await climber();
    const [session] = await db().insert(schema.sessions).values({ userId: owner, gymId: crypto.randomUUID() }).returning();
    const { ctx, bus } = request(giver);
    const heard: EntityEvent[] = [];
    bus.subscribe(topics.notificationAdded(owner), (event) => heard.push(event));
    await kudos.giveKudos(ctx, { sessionId: session!.id });
    const [notification] = await db().select().from(schema.notifications).where(eq(schema.notifications.recipientId, owner));
    expect(heard).toEqual([{ topic: topics.notificationAdded(owner), entity: { __typename: 'Notification', id: notification!.id } }]);
  });
});
