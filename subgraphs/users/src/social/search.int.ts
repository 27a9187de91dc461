import { randomBytes } from 'node:crypto';
import { type Auth, dataOf, errorCodes, errorField } from '@clmb/testkit';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../db';
import { type SocialService, startSocialService } from './test-social';

const SEARCH = /* GraphQL */ `query($query: String!, $first: Int, $after: String) { searchUsers(query: $query, first: $first, after: $after) {
  edges { cursor node { username } } pageInfo { hasNextPage hasPreviousPage endCursor }
} }`;

let s: SocialService;
beforeAll(async () => {
  s = await startSocialService('users_search');
}, 120_000);
afterAll(() => s?.stop());

const search = (who: Auth | undefined, query: string, variables: Record<string, unknown> = {}) => s.gql(SEARCH, { query, ...variables }, who?.accessToken);
const found = async (who: Auth, query: string) =>
  dataOf(await search(who, query, { first: 50 })).searchUsers.edges.map((edge: { node: { username: string } }) => edge.node.username);
/** A prefix no other test's climbers share. */
const prefix = () => `q${randomBytes(3).toString('hex')}`;

describe('searchUsers', () => {
  it('finds climbers by the start of their username, any case, by username', async () => {
    const p = prefix();
    const viewer = await s.climber();
    for (const name of [`${p}_Zed`, `${p}_amy`, `${p}.Bob`, `x${p}_not`]) await s.climber('FOLLOWERS', name);
    expect(await found(viewer, p.toUpperCase())).toEqual([`${p}.Bob`, `${p}_amy`, `${p}_Zed`]);
    // `_` is a username's character here, not LIKE's wildcard.
    expect(await found(viewer, `${p}_`)).toEqual([`${p}_amy`, `${p}_Zed`]);
    expect(await found(viewer, `${p}_a`)).toEqual([`${p}_amy`]);
  });

  it('leaves out climbers a block stands between, either way round, and disabled accounts', async () => {
    const p = prefix();
    const viewer = await s.climber();
    const [blocked, blocker, disabled] = [await s.climber('PUBLIC', `${p}_blocked`), await s.climber('PUBLIC', `${p}_blocker`), await s.climber('PUBLIC', `${p}_gone`)];
    await s.climber('PUBLIC', `${p}_kept`);
    await s.act('block', viewer, blocked);
    await s.act('block', blocker, viewer);
    await s.db.update(schema.users).set({ disabledAt: new Date() }).where(eq(schema.users.id, disabled.user.id));
    expect(await found(viewer, p)).toEqual([`${p}_kept`]);
    expect(await found(blocked, p)).toEqual([`${p}_blocked`, `${p}_blocker`, `${p}_kept`]);
  });

  it('pages by username: 2 a page over 3 pages', async () => {
    const p = prefix();
    const viewer = await s.climber();
    const names = ['a', 'b', 'c', 'd', 'e'].map((letter) => `${p}${letter}`);
    for (const name of names) await s.climber('FOLLOWERS', name);
    const seen: string[] = [];
    const previous: boolean[] = [];
    let after: string | null = null;
    do {
      const page: { edges: { node: { username: string } }[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string } } = dataOf(
        await search(viewer, p, { first: 2, after }),
      ).searchUsers;
      seen.push(...page.edges.map((edge) => edge.node.username));
      previous.push(page.pageInfo.hasPreviousPage);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect([seen, previous]).toEqual([names, [false, true, true]]);
  });

  it.each([
    ['a one-character query', { query: 'a' }, 'query'],
    ['a query with a space', { query: 'ab cd' }, 'query'],
    ['a query with a wildcard', { query: 'ab%' }, 'query'],
    ['a page over 50', { query: 'ab', first: 51 }, 'first'],
    ['a cursor it did not hand out', { query: 'ab', after: 'bm9wZQ' }, 'after'],
  ])('refuses %s with BAD_USER_INPUT', async (_what, variables, field) => {
    const { query, ...rest } = variables as { query: string };
    const response = await search(await s.climber(), query, rest);
    expect([errorCodes(response), errorField(response)]).toEqual([['BAD_USER_INPUT'], field]);
  });

  it('needs a token', async () => {
    expect(errorCodes(await search(undefined, 'ab'))).toEqual(['UNAUTHENTICATED']);
  });
});
