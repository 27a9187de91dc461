import { InMemoryCache } from '@apollo/client/cache';
import { expect, it } from 'vitest';
import { adjustStats } from './stats';

it('adjusts the all-time totals, and drops what a delta cannot tell: grade stats and stats over a period', () => {
  const cache = new InMemoryCache();
  cache.restore({
    'User:u1': {
      __typename: 'User',
      id: 'u1',
      stats: { __typename: 'UserStats', climbCount: 3, sendCount: 2, flashCount: 1, 'pyramid({"discipline":"BOULDER"})': [] },
      'stats({"period":{"from":"2026-01-01T00:00:00Z"}})': { __typename: 'UserStats', climbCount: 1 },
    },
  });
  adjustStats(cache, { __ref: 'User:u1' }, { climbCount: 1, sendCount: 1 });
  expect(cache.extract()['User:u1']).toEqual({ __typename: 'User', id: 'u1', stats: { __typename: 'UserStats', climbCount: 4, sendCount: 3 } });
});
