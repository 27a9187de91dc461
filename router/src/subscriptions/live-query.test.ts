import { type OperationDefinitionNode, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { liveQuery } from './live-query';

const live = (text: string, variables: Record<string, unknown> = {}) => {
  const document = parse(text);
  return liveQuery(document, document.definitions[0] as OperationDefinitionNode, variables, 'viewer-1');
};

describe('a subscription as the query its events run', () => {
  it('runs the selection on the live field\'s query field, keeping the response key, variables and fragments', () => {
    const result = live(
      `subscription Board($gymId: ID!, $period: LeaderboardPeriod! = WEEK) { board: leaderboardChanged(gymId: $gymId, period: $period) { ...Entries } }
       fragment Entries on Leaderboard { entries { points } }`,
      { gymId: 'g-1' },
    );
    expect(result).toMatchObject({ topic: 'leaderboardChanged:g-1', operationName: 'Board', responseKey: 'board' });
    if (result instanceof Error) throw result;
    expect(result.query).toBe(
      'query Board($gymId: ID!, $period: LeaderboardPeriod! = WEEK) {\n  board: leaderboard(gymId: $gymId, period: $period) {\n    ...Entries\n  }\n}\n\nfragment Entries on Leaderboard {\n  entries {\n    points\n  }\n}',
    );
    expect(result.variablesFor({ __typename: 'Gym', id: 'g-1' })).toEqual({ gymId: 'g-1' });
  });

  it('takes the topic from literal arguments too, and names the field as its key without an alias', () => {
    expect(live(`subscription { leaderboardChanged(gymId: "g-2") { period } }`)).toMatchObject({ topic: 'leaderboardChanged:g-2', responseKey: 'leaderboardChanged' });
  });

  it('refuses a field the router does not serve, and a selection behind a fragment', () => {
    expect(live(`subscription { somethingElse { id } }`)).toMatchObject({ message: 'Subscription.somethingElse is not served by this router.', extensions: { code: 'BAD_USER_INPUT' } });
    expect(live(`subscription { ...F } fragment F on Subscription { leaderboardChanged(gymId: "g") { period } }`)).toMatchObject({
      message: 'A subscription selects one subscription field, directly (no fragment around it).',
    });
  });
});
