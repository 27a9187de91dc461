import type { ApolloServer } from '@apollo/server';
import { createLocalEventBus, createLogger, type EntityEvent, topics } from '@clmb/common';
import type { Role } from '@clmb/common/roles';
import { errorCodes, errorField, type GraphQLResponse } from '@clmb/testkit';
import { eq, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Mail } from '../accounts/mail/mailer';
import { type Context, createContext } from '../context';
import { schema, type UsersDb } from '../db';
import { createApolloServer } from '../server';
import { openTestDatabase, testContext } from '../test-service';
import { type NotificationInput, notify } from './notify';
import { createNotificationPruner } from './pruning';

// Notifications as their recipient reads them, over a real database through the subgraph's
// schema. The producing mutations (follows, kudos, comments) are other areas': notifications
// are made here with notify(), as those mutations call it.

const { users, sessions, blocks, notifications, rateLimits } = schema;

let database: Awaited<ReturnType<typeof openTestDatabase>>;
let server: ApolloServer<Context>;
const db = (): UsersDb => database.db;
const bus = createLocalEventBus();
const mails: Mail[] = [];
const ADMIN_ID = '00000000-0000-4000-8000-0000000000ad';

const contextOf = (userId: string | null, role: Role = 'CLIMBER'): Context =>
  createContext(testContext(db(), { events: bus, sendMail: (mail) => mails.push(mail) }), userId ? { id: userId, role } : null, '127.0.0.1');

async function gql(query: string, variables: Record<string, unknown>, userId: string | null, role?: Role): Promise<GraphQLResponse> {
  const { body } = await server.executeOperation({ query, variables }, { contextValue: contextOf(userId, role) });
  if (body.kind !== 'single') throw new Error('expected a single result');
  return body.singleResult as GraphQLResponse;
}

async function climber(name: string, emailVerified = true): Promise<string> {
  const [row] = await db().insert(users).values({ email: `${name}@example.com`, username: name, emailVerified }).returning({ id: users.id });
  return row!.id;
}

/** What a producing mutation does: notify() in its transaction, then the announcement after the commit. */
async function notifyNow(actorId: string | null, input: Omit<NotificationInput, 'actorId'>): Promise<void> {
  const announce = await db().transaction((tx) => notify(contextOf(actorId), tx, { ...input, actorId }));
  announce();
}

const PAGE = /* GraphQL */ `query($first: Int, $after: String) { me { notifications(first: $first, after: $after) {
  unreadCount edges { node { id kind read actor { username } session { id } } } pageInfo { hasNextPage endCursor } } } }`;
const OTHERS = /* GraphQL */ `query($id: ID!) { user(id: $id) { username notifications { unreadCount } } }`;
const ONE = /* GraphQL */ `query($id: ID!) { notification(id: $id) { id kind } }`;
const MARK = /* GraphQL */ `mutation($upTo: ID!) { markNotificationsRead(input: { upTo: $upTo }) { id notifications(first: 5) { unreadCount edges { node { kind read } } } } }`;
const PREFERENCES = /* GraphQL */ `mutation($input: UpdatePreferencesInput!) { updatePreferences(input: $input) { notifications { kind inApp mail } } }`;

let ada: string;
let bob: string;
let cyd: string;
let adaSession: string;

beforeAll(async () => {
  database = await openTestDatabase('users_notifications');
  server = createApolloServer('test', createLogger('users', 'silent'));
  await server.start();
  [ada, bob, cyd] = [await climber('ada'), await climber('bob'), await climber('cyd', false)];
  const [session] = await db().insert(sessions).values({ userId: ada, gymId: crypto.randomUUID() }).returning({ id: sessions.id });
  adaSession = session!.id;
}, 60_000);
afterAll(async () => {
  await server?.stop();
  await database?.close();
});

const page = async (userId: string, args: Record<string, unknown> = {}) => (await gql(PAGE, args, userId)).data?.['me'].notifications;

describe("a climber's notifications", () => {
  it('lists them newest first in pages, counts the unread, and marks read up to one of them', async () => {
    const heard: EntityEvent[] = [];
    const unsubscribe = bus.subscribe(topics.notificationAdded(ada), (event) => heard.push(event));
    await notifyNow(bob, { recipientId: ada, kind: 'NEW_FOLLOWER' });
    await notifyNow(bob, { recipientId: ada, kind: 'KUDOS', sessionId: adaSession });
    await notifyNow(bob, { recipientId: ada, kind: 'COMMENT', sessionId: adaSession });
    unsubscribe();

    const first = await page(ada, { first: 2 });
    expect(first.unreadCount).toBe(3);
    expect(first.edges.map((e: { node: unknown }) => e.node)).toEqual([
      { id: expect.any(String), kind: 'COMMENT', read: false, actor: { username: 'bob' }, session: { id: adaSession } },
      { id: expect.any(String), kind: 'KUDOS', read: false, actor: { username: 'bob' }, session: { id: adaSession } },
    ]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await page(ada, { first: 2, after: first.pageInfo.endCursor });
    expect(second.edges.map((e: { node: { kind: string; session: unknown } }) => [e.node.kind, e.node.session])).toEqual([['NEW_FOLLOWER', null]]);
    expect(second.pageInfo.hasNextPage).toBe(false);
    // Each one was announced (after its commit), naming the notification.
    const ids = [...first.edges, ...second.edges].map((e: { node: { id: string } }) => e.node.id);
    expect(heard.map((event) => event.entity)).toEqual([...ids].reverse().map((id) => ({ __typename: 'Notification', id })));

    const kudos = ids[1]!;
    const marked = await gql(MARK, { upTo: kudos }, ada);
    expect(marked.data?.['markNotificationsRead']).toEqual({
      id: ada,
      notifications: { unreadCount: 1, edges: [{ node: { kind: 'COMMENT', read: false } }, { node: { kind: 'KUDOS', read: true } }, { node: { kind: 'NEW_FOLLOWER', read: true } }] },
    });
    // The mark only moves forward.
    expect((await gql(MARK, { upTo: ids[2]! }, ada)).data?.['markNotificationsRead'].notifications.unreadCount).toBe(1);
  });

  it('are their recipient\'s only: another climber, an ADMIN too, gets FORBIDDEN and null, and notification(id) null', async () => {
    const id = (await page(ada)).edges[0].node.id;
    for (const [viewer, role] of [[bob, 'CLIMBER'], [ADMIN_ID, 'ADMIN']] as const) {
      const other = await gql(OTHERS, { id: ada }, viewer, role);
      expect([other.data, errorCodes(other)]).toEqual([{ user: { username: 'ada', notifications: null } }, ['FORBIDDEN']]);
      expect((await gql(ONE, { id }, viewer, role)).data).toEqual({ notification: null });
    }
    expect((await gql(ONE, { id }, ada)).data).toEqual({ notification: { id, kind: 'COMMENT' } });
    expect((await gql(ONE, { id: crypto.randomUUID() }, ada)).data).toEqual({ notification: null });
  });

  it('refuses to mark read what is not yours, naming input.upTo', async () => {
    const id = (await page(ada)).edges[0].node.id;
    for (const upTo of [id, 'not-an-id']) {
      const response = await gql(MARK, { upTo }, bob);
      expect([errorCodes(response), errorField(response)]).toEqual([['BAD_USER_INPUT'], 'input.upTo']);
    }
  });

  it("records nothing of a climber's own act, nor between climbers who blocked each other; a block later hides what was", async () => {
    const before = (await page(bob)).unreadCount;
    await notifyNow(bob, { recipientId: bob, kind: 'KUDOS' });
    await db().insert(blocks).values({ blockerId: bob, blockedId: cyd });
    await notifyNow(cyd, { recipientId: bob, kind: 'NEW_FOLLOWER' });
    expect((await page(bob)).unreadCount).toBe(before);

    await notifyNow(cyd, { recipientId: ada, kind: 'NEW_FOLLOWER' });
    const shown = await page(ada);
    expect(shown.edges[0].node).toMatchObject({ kind: 'NEW_FOLLOWER', actor: { username: 'cyd' } });
    await db().insert(blocks).values({ blockerId: cyd, blockedId: ada });
    const after = await page(ada);
    expect(after.unreadCount).toBe(shown.unreadCount - 1);
    expect(after.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(shown.edges[0].node.id);
    expect((await gql(ONE, { id: shown.edges[0].node.id }, ada)).data).toEqual({ notification: null });
  });

  it('tells of an occasion named `once` once only', async () => {
    const before = (await page(ada, { first: 100 })).edges.length;
    for (let i = 0; i < 2; i++) await notifyNow(null, { recipientId: ada, kind: 'PROJECT_COMING_DOWN', routeId: crypto.randomUUID(), once: 'the-occasion' });
    expect((await page(ada, { first: 100 })).edges.length).toBe(before + 1);
  });
});

describe('notification preferences', () => {
  it('default to every kind in the app and none by mail; change per kind, keeping what is left out', async () => {
    const set = await gql(PREFERENCES, { input: { notifications: [{ kind: 'KUDOS', inApp: false }, { kind: 'COMMENT', mail: true }] } }, ada);
    expect(set.data?.['updatePreferences'].notifications).toEqual([
      { kind: 'NEW_FOLLOWER', inApp: true, mail: false },
      { kind: 'FOLLOW_REQUEST', inApp: true, mail: false },
      { kind: 'FOLLOW_ACCEPTED', inApp: true, mail: false },
      { kind: 'KUDOS', inApp: false, mail: false },
      { kind: 'COMMENT', inApp: true, mail: true },
      { kind: 'PROJECT_COMING_DOWN', inApp: true, mail: false },
      { kind: 'LEADERBOARD_PLACE_TAKEN', inApp: true, mail: false },
    ]);
    const again = await gql(PREFERENCES, { input: { notifications: [{ kind: 'COMMENT', inApp: false }] } }, ada);
    expect(again.data?.['updatePreferences'].notifications[4]).toEqual({ kind: 'COMMENT', inApp: false, mail: true });
    await gql(PREFERENCES, { input: { notifications: [{ kind: 'COMMENT', inApp: true }] } }, ada);
  });

  it.each([
    ['a kind named twice', [{ kind: 'KUDOS', mail: true }, { kind: 'KUDOS', inApp: true }], 'input.notifications'],
    ['a null choice', [{ kind: 'KUDOS', mail: null }], 'input.notifications.0.mail'],
    ['null for the list', null, 'input.notifications'],
  ])('BAD_USER_INPUT for %s', async (_name, notifications, field) => {
    const response = await gql(PREFERENCES, { input: { notifications } }, bob);
    expect([errorCodes(response), errorField(response)]).toEqual([['BAD_USER_INPUT'], field]);
  });

  it('a kind turned off in the app records nothing and announces nothing; one turned on by mail is mailed to a verified address', async () => {
    const heard: EntityEvent[] = [];
    const unsubscribe = bus.subscribe(topics.notificationAdded(ada), (event) => heard.push(event));
    const before = (await page(ada, { first: 100 })).edges.length;
    await notifyNow(bob, { recipientId: ada, kind: 'KUDOS', sessionId: adaSession });
    expect([(await page(ada, { first: 100 })).edges.length, heard]).toEqual([before, []]);

    const sent = mails.length;
    const dan = await climber('dan');
    await notifyNow(bob, { recipientId: ada, kind: 'COMMENT', sessionId: adaSession });
    unsubscribe();
    expect(heard).toHaveLength(1);
    await vi.waitFor(() => expect(mails.length).toBe(sent + 1));
    expect(mails[sent]).toMatchObject({ to: 'ada@example.com', subject: 'clmb: bob commented on your climbing.' });

    // cyd turned mail on but never verified the address: the app only.
    await gql(PREFERENCES, { input: { notifications: [{ kind: 'NEW_FOLLOWER', mail: true }] } }, cyd);
    await notifyNow(dan, { recipientId: cyd, kind: 'NEW_FOLLOWER' });
    expect((await page(cyd)).edges[0].node).toMatchObject({ kind: 'NEW_FOLLOWER', actor: { username: 'dan' } });
    await notifyNow(bob, { recipientId: ada, kind: 'COMMENT' });
    await vi.waitFor(() => expect(mails.length).toBe(sent + 2));
    expect(mails.slice(sent).map((mail) => mail.to)).toEqual(['ada@example.com', 'ada@example.com']);
  });

  it('mails at most 10 notifications an hour to one inbox: the rest are dropped, and stay in the app', async () => {
    const fay = await climber('fay');
    await gql(PREFERENCES, { input: { notifications: [{ kind: 'KUDOS', mail: true }] } }, fay);
    const sent = mails.length;
    for (let i = 0; i < 12; i++) await notifyNow(bob, { recipientId: fay, kind: 'KUDOS' });
    // Every one was counted against the inbox's caps: then all that will go have gone.
    const counted = async () => (await db().select({ count: rateLimits.count }).from(rateLimits).where(like(rateLimits.key, 'mailto:NOTIFICATION:3600:fay@%')))[0]?.count;
    await vi.waitFor(async () => expect(await counted()).toBe(12));
    await vi.waitFor(() => expect(mails.slice(sent).filter((mail) => mail.to === 'fay@example.com')).toHaveLength(10));
    expect((await page(fay, { first: 100 })).edges).toHaveLength(12);
  });
});

describe('pruning', () => {
  it('deletes notifications older than 90 days, and those past a recipient\'s newest 1,000', async () => {
    const eve = await climber('eve');
    const now = Date.now();
    await db()
      .insert(notifications)
      .values(Array.from({ length: 1005 }, (_, i) => ({ recipientId: eve, kind: 'KUDOS' as const, createdAt: new Date(now - i * 1000) })));
    await db().insert(notifications).values({ recipientId: ada, kind: 'KUDOS', createdAt: new Date(now - 91 * 86_400_000) });
    const adaBefore = await countOf(ada);
    // As the service runs it after writing to eve: a pass at most once a minute.
    const prune = createNotificationPruner(db());
    await prune([eve]);
    expect([await countOf(eve), await countOf(ada)]).toEqual([1000, adaBefore - 1]);
    // The newest were kept.
    const [oldest] = await db().select({ at: sql<Date>`min(${notifications.createdAt})` }).from(notifications).where(eq(notifications.recipientId, eve));
    expect(new Date(oldest!.at).getTime()).toBe(now - 999_000);
  });
});

async function countOf(recipientId: string): Promise<number> {
  const [row] = await db().select({ count: sql<number>`count(*)::int` }).from(notifications).where(eq(notifications.recipientId, recipientId));
  return row?.count ?? 0;
}
