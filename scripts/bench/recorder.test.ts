import { describe, expect, it } from 'vitest';
import { type RecordedRequest, stages } from './recorder';

const request = (subgraph: string, start: number, end: number): RecordedRequest => ({
  subgraph,
  url: `http://${subgraph}/graphql`,
  body: '{}',
  authorization: undefined,
  response: '{}',
  start,
  end,
});

describe('stages', () => {
  it('puts overlapping requests in one stage and a request started after all of them ended in the next', () => {
    const users = request('users', 0, 10);
    const gyms = request('gyms', 11, 20);
    const routes = request('gyms', 12, 25);
    const after = request('users', 26, 30);
    expect(stages([routes, after, users, gyms])).toEqual([[users], [gyms, routes], [after]]);
  });
});
