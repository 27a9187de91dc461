import { type Auth, builders, dataOf, errorCodes, errorField, type GraphQLResponse, TEST_PASSWORD } from '@clmb/testkit';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../db';
import { type GymFixtures, startUsersWithGyms, type UsersWithGyms } from '../test-service';

const START = /* GraphQL */ `mutation($gymId: ID!) { startSession(input: { gymId: $gymId }) { id } }`;
const LOG = /* GraphQL */ `mutation($input: LogClimbInput!) { logClimb(input: $input) { id } }`;
const GIVE = /* GraphQL */ `mutation($input: GiveKudosInput!) { giveKudos(input: $input) {
  id giver { username } session { id kudosCount viewerHasKudoed } climb { id kudosCount viewerHasKudoed }
} }`;
const REMOVE = /* GraphQL */ `mutation($input: RemoveKudosInput!) { removeKudos(input: $input) }`;
const SESSION = /* GraphQL */ `query($id: ID!) { session(id: $id) {
  kudosCount viewerHasKudoed commentCount climbs { kudosCount viewerHasKudoed }
  comments(first: 100) { edges { node { id body author { username } editedAt } } }
} }`;
const ADD = /* GraphQL */ `mutation($input: AddCommentInput!) { addComment(input: $input) { id body author { username } session { id } createdAt editedAt } }`;
const EDIT = /* GraphQL */ `mutation($input: EditCommentInput!) { editComment(input: $input) { id body editedAt } }`;
const DELETE = /* GraphQL */ `mutation($id: ID!) { deleteComment(input: { commentId: $id }) }`;
const LOGBOOK = /* GraphQL */ `query($first: Int) { me { sessions(first: $first) { edges { node {
  kudosCount viewerHasKudoed commentCount comments(first: 3) { edges { node { body author { username } } } }
} } } } }`;

let users: UsersWithGyms;
let fx: GymFixtures;
let climbers: Record<'alex' | 'bob' | 'carol' | 'stranger' | 'chatty', Auth>;
/** alex's session with a send and a climb that is no send. */
let sessionId: string;
let sendId: string;
let attemptId: string;

const db = () => users.service.db;
const gql = (query: string, variables: Record<string, unknown>, auth: Auth) => users.gql(query, variables, auth.accessToken);
const refusal = (response: GraphQLResponse) => [errorCodes(response), errorField(response)];
const sessionOf = async (auth: Auth, id = sessionId) => dataOf(await gql(SESSION, { id }, auth)).session;
const comment = (auth: Auth, body: string, id = sessionId) => gql(ADD, { input: { sessionId: id, body } }, auth);

async function newSession(auth: Auth): Promise<string> {
  return dataOf(await gql(START, { gymId: fx.gymId }, auth)).startSession.id;
}

beforeAll(async () => {
  users = await startUsersWithGyms('users_reactions');
  fx = users.gyms.fixtures;
  const build = builders(users.gql);
  climbers = {
    alex: await build.user({ username: 'alex' }),
    bob: await build.user({ username: 'bob' }),
    carol: await build.user({ username: 'carol' }),
    stranger: await build.user({ username: 'stranger' }),
    chatty: await build.user({ username: 'chatty' }),
  };
  // alex's account is FOLLOWERS (the default): bob, carol and chatty follow alex.
  await db()
    .insert(schema.follows)
    .values(['bob', 'carol', 'chatty'].map((name) => ({ followerId: climbers[name as 'bob'].user.id, followeeId: climbers.alex.user.id })));
  sessionId = await newSession(climbers.alex);
  sendId = dataOf(await gql(LOG, { input: { sessionId, routeId: fx.routeId, attempts: 1, sent: true } }, climbers.alex)).logClimb.id;
  attemptId = dataOf(await gql(LOG, { input: { sessionId, routeId: fx.routeId, attempts: 3, sent: false } }, climbers.alex)).logClimb.id;
}, 180_000);
afterAll(() => users?.stop());

describe('kudos', () => {
  it('counts one per climber on a session and on a send, and tells who gave one', async () => {
    const given = dataOf(await gql(GIVE, { input: { sessionId } }, climbers.bob)).giveKudos;
    expect(given).toMatchObject({ giver: { username: 'bob' }, session: { id: sessionId, kudosCount: 1, viewerHasKudoed: true }, climb: null });
    await gql(GIVE, { input: { sessionId } }, climbers.carol);
    expect(dataOf(await gql(GIVE, { input: { climbId: sendId } }, climbers.bob)).giveKudos.climb).toEqual({ id: sendId, kudosCount: 1, viewerHasKudoed: true });
    expect(await sessionOf(climbers.alex)).toMatchObject({ kudosCount: 2, viewerHasKudoed: false, climbs: [{ kudosCount: 1, viewerHasKudoed: false }, { kudosCount: 0 }] });
    // The owner is told: a KUDOS notification each.
    const told = await db().select().from(schema.notifications).where(eq(schema.notifications.recipientId, climbers.alex.user.id));
    expect(told.filter((n) => n.kind === 'KUDOS')).toHaveLength(3);
  });

  it('refuses kudos twice, on your own, on no send, and on a session you may not see as on an unknown one', async () => {
    expect(refusal(await gql(GIVE, { input: { sessionId } }, climbers.bob))).toEqual([['BAD_USER_INPUT'], 'input.sessionId']);
    expect(refusal(await gql(GIVE, { input: { climbId: sendId } }, climbers.bob))).toEqual([['BAD_USER_INPUT'], 'input.climbId']);
    expect(refusal(await gql(GIVE, { input: { sessionId } }, climbers.alex))).toEqual([['BAD_USER_INPUT'], 'input.sessionId']);
    expect(refusal(await gql(GIVE, { input: { climbId: attemptId } }, climbers.carol))).toEqual([['BAD_USER_INPUT'], 'input.climbId']);
    const hidden = await gql(GIVE, { input: { sessionId } }, climbers.stranger);
    const unknown = await gql(GIVE, { input: { sessionId: crypto.randomUUID() } }, climbers.stranger);
    expect(refusal(hidden)).toEqual([['BAD_USER_INPUT'], 'input.sessionId']);
    expect(hidden.errors?.[0]?.message).toBe(unknown.errors?.[0]?.message);
    expect(refusal(await gql(GIVE, { input: { climbId: sendId } }, climbers.stranger))).toEqual([['BAD_USER_INPUT'], 'input.climbId']);
    expect(refusal(await gql(GIVE, { input: {} }, climbers.bob))).toEqual([['BAD_USER_INPUT'], 'input.sessionId']);
    expect(refusal(await gql(GIVE, { input: { sessionId, climbId: sendId } }, climbers.bob))).toEqual([['BAD_USER_INPUT'], 'input.climbId']);
  });

  it('takes kudos back once', async () => {
    expect(dataOf(await gql(REMOVE, { input: { climbId: sendId } }, climbers.bob)).removeKudos).toEqual(expect.any(String));
    expect(refusal(await gql(REMOVE, { input: { climbId: sendId } }, climbers.bob))).toEqual([['BAD_USER_INPUT'], 'input.climbId']);
    expect((await sessionOf(climbers.alex)).climbs[0].kudosCount).toBe(0);
  });

  it('tells the owner once however often kudos are toggled, and takes 60 kudos writes in 10 minutes, then TOO_MANY_REQUESTS', async () => {
    for (let i = 0; i < 60; i++) {
      const write = i % 2 === 0 ? gql(GIVE, { input: { climbId: sendId } }, climbers.chatty) : gql(REMOVE, { input: { climbId: sendId } }, climbers.chatty);
      expect((await write).errors).toBeUndefined();
    }
    const refused = await gql(GIVE, { input: { climbId: sendId } }, climbers.chatty);
    expect(errorCodes(refused)).toEqual(['TOO_MANY_REQUESTS']);
    expect(refused.errors?.[0]?.extensions?.['retryAfterSeconds']).toBeGreaterThan(0);
    const told = await db().select().from(schema.notifications).where(eq(schema.notifications.actorId, climbers.chatty.user.id));
    expect(told.filter((n) => n.kind === 'KUDOS')).toHaveLength(1);
  });
});

describe('comments', () => {
  it('adds a comment for the owner to read, trimmed, line breaks kept', async () => {
    const added = dataOf(await comment(climbers.bob, '  Strong!\n\tWell done  ')).addComment;
    expect(added).toMatchObject({ body: 'Strong!\n\tWell done', author: { username: 'bob' }, session: { id: sessionId }, editedAt: null });
    const session = await sessionOf(climbers.alex);
    expect(session.commentCount).toBe(1);
    expect(session.comments.edges.map((e: { node: unknown }) => e.node)).toEqual([{ id: added.id, body: 'Strong!\n\tWell done', author: { username: 'bob' }, editedAt: null }]);
    const told = await db().select().from(schema.notifications).where(eq(schema.notifications.recipientId, climbers.alex.user.id));
    expect(told.filter((n) => n.kind === 'COMMENT')).toHaveLength(1);
  });

  it('refuses an empty body, one over 1,000 characters and control characters, naming input.body', async () => {
    for (const body of ['   ', 'x'.repeat(1001), 'bell\u0007', 'escape\u001b[31m']) {
      expect(refusal(await comment(climbers.bob, body))).toEqual([['BAD_USER_INPUT'], 'input.body']);
    }
    expect(dataOf(await comment(climbers.bob, 'x'.repeat(1000))).addComment.body).toHaveLength(1000);
  });

  it('refuses a comment on a session you may not see, as on an unknown one', async () => {
    expect(refusal(await comment(climbers.stranger, 'hi'))).toEqual([['BAD_USER_INPUT'], 'input.sessionId']);
    expect(refusal(await comment(climbers.stranger, 'hi', crypto.randomUUID()))).toEqual([['BAD_USER_INPUT'], 'input.sessionId']);
  });

  it('lets the author edit for 15 minutes, and nobody else', async () => {
    const { id } = dataOf(await comment(climbers.carol, 'Nice')).addComment;
    expect(dataOf(await gql(EDIT, { input: { commentId: id, body: 'Very nice' } }, climbers.carol)).editComment).toMatchObject({ body: 'Very nice', editedAt: expect.any(String) });
    expect(errorCodes(await gql(EDIT, { input: { commentId: id, body: 'Mine now' } }, climbers.alex))).toEqual(['FORBIDDEN']);
    expect(refusal(await gql(EDIT, { input: { commentId: id, body: ' ' } }, climbers.carol))).toEqual([['BAD_USER_INPUT'], 'input.body']);
    await db().update(schema.comments).set({ createdAt: sql`now() - interval '16 minutes'` }).where(eq(schema.comments.id, id));
    expect(refusal(await gql(EDIT, { input: { commentId: id, body: 'Too late' } }, climbers.carol))).toEqual([['BAD_USER_INPUT'], 'input.commentId']);
  });

  it('is deleted by its author or the session\'s owner, refused to others', async () => {
    const byCarol = dataOf(await comment(climbers.carol, 'one')).addComment.id;
    const byBob = dataOf(await comment(climbers.bob, 'two')).addComment.id;
    expect(errorCodes(await gql(DELETE, { id: byCarol }, climbers.bob))).toEqual(['FORBIDDEN']);
    expect(refusal(await gql(DELETE, { id: byCarol }, climbers.stranger))).toEqual([['BAD_USER_INPUT'], 'input.commentId']);
    expect(dataOf(await gql(DELETE, { id: byCarol }, climbers.carol)).deleteComment).toBe(byCarol);
    expect(dataOf(await gql(DELETE, { id: byBob }, climbers.alex)).deleteComment).toBe(byBob);
    const bodies = (await sessionOf(climbers.alex)).comments.edges.map((e: { node: { body: string } }) => e.node.body);
    expect(bodies).not.toContain('one');
    expect(bodies).not.toContain('two');
  });

  it('leaves out the comments of a climber the reader blocked', async () => {
    const before = (await sessionOf(climbers.alex)).comments.edges.length;
    await db().insert(schema.blocks).values({ blockerId: climbers.alex.user.id, blockedId: climbers.carol.user.id });
    const after = (await sessionOf(climbers.alex)).comments.edges;
    expect(after.map((e: { node: { author: { username: string } } }) => e.node.author.username)).not.toContain('carol');
    expect(after.length).toBeLessThan(before);
    // The count agrees with what the reader can list.
    expect((await sessionOf(climbers.alex)).commentCount).toBe(after.length);
    await db().delete(schema.blocks).where(eq(schema.blocks.blockerId, climbers.alex.user.id));
  });

  it('takes 20 comments per climber in 10 minutes, then TOO_MANY_REQUESTS with when to retry', async () => {
    for (let i = 0; i < 20; i++) expect(dataOf(await comment(climbers.chatty, `comment ${i}`)).addComment.body).toBe(`comment ${i}`);
    const refused = await comment(climbers.chatty, 'one more');
    expect(errorCodes(refused)).toEqual(['TOO_MANY_REQUESTS']);
    expect(refused.errors?.[0]?.extensions?.['retryAfterSeconds']).toBeGreaterThan(0);
  });
});

describe('a page of sessions', () => {
  it('reads kudos and comments of 2 sessions with the same statements as of 6', async () => {
    for (let i = 0; i < 5; i++) {
      const id = await newSession(climbers.alex);
      await gql(GIVE, { input: { sessionId: id } }, climbers.bob);
      await comment(climbers.bob, `session ${i}`, id);
    }
    const count = async (first: number) => {
      users.resetStatements();
      expect(dataOf(await gql(LOGBOOK, { first }, climbers.alex)).me.sessions.edges).toHaveLength(first);
      return users.statements.length;
    };
    expect(await count(6)).toBe(await count(2));
  });
});

describe('deletion', () => {
  it('takes a session\'s kudos and comments with it, and a deleted account\'s everywhere', async () => {
    const id = await newSession(climbers.alex);
    await gql(GIVE, { input: { sessionId: id } }, climbers.bob);
    await comment(climbers.bob, 'bye', id);
    await gql(/* GraphQL */ `mutation($id: ID!) { deleteSession(input: { id: $id }) }`, { id }, climbers.alex);
    expect(await db().select().from(schema.kudos).where(eq(schema.kudos.sessionId, id))).toEqual([]);
    expect(await db().select().from(schema.comments).where(eq(schema.comments.sessionId, id))).toEqual([]);
    await gql(/* GraphQL */ `mutation { deleteAccount(input: { password: "${TEST_PASSWORD}" }) }`, {}, climbers.bob);
    expect(await db().select().from(schema.kudos).where(eq(schema.kudos.giverId, climbers.bob.user.id))).toEqual([]);
    expect(await db().select().from(schema.comments).where(eq(schema.comments.authorId, climbers.bob.user.id))).toEqual([]);
    expect((await sessionOf(climbers.alex)).kudosCount).toBe(1);
  });
});

describe('a block', () => {
  const BLOCK = /* GraphQL */ `mutation($userId: ID!) { block(input: { userId: $userId }) { id } }`;

  it("lets a session's owner delete a comment of a climber they blocked", async () => {
    const id = dataOf(await comment(climbers.carol, 'lingering')).addComment.id;
    await db().insert(schema.blocks).values({ blockerId: climbers.alex.user.id, blockedId: climbers.carol.user.id });
    expect(dataOf(await gql(DELETE, { id }, climbers.alex)).deleteComment).toBe(id);
    expect(await db().select().from(schema.comments).where(eq(schema.comments.id, id))).toEqual([]);
    await db().delete(schema.blocks).where(eq(schema.blocks.blockerId, climbers.alex.user.id));
  });

  it("takes away the comments and kudos each of the pair left on the other's sessions and sends", async () => {
    await db().insert(schema.follows).values({ followerId: climbers.alex.user.id, followeeId: climbers.carol.user.id });
    const carols = await newSession(climbers.carol);
    const carolsSend = dataOf(await gql(LOG, { input: { sessionId: carols, routeId: fx.routeId, attempts: 1, sent: true } }, climbers.carol)).logClimb.id;
    await gql(GIVE, { input: { sessionId: carols } }, climbers.alex);
    await gql(GIVE, { input: { climbId: carolsSend } }, climbers.alex);
    await comment(climbers.alex, 'from alex', carols);
    await gql(GIVE, { input: { climbId: sendId } }, climbers.carol);
    await comment(climbers.carol, 'from carol');
    const between = async () => {
      const kudos = await db().select().from(schema.kudos);
      const comments = await db().select().from(schema.comments);
      const pair = [climbers.alex.user.id, climbers.carol.user.id];
      return [...kudos.map((k) => k.giverId), ...comments.map((c) => c.authorId)].filter((id) => pair.includes(id));
    };
    expect((await between()).length).toBeGreaterThanOrEqual(5);
    expect(dataOf(await gql(BLOCK, { userId: climbers.alex.user.id }, climbers.carol)).block.id).toBe(climbers.alex.user.id);
    // alex's own sessions keep only others' reactions; carol's keeps nothing of alex's.
    expect(await between()).toEqual([]);
    const seen = await sessionOf(climbers.alex);
    expect(seen.comments.edges.map((e: { node: { author: { username: string } } }) => e.node.author.username)).not.toContain('carol');
  });
});
