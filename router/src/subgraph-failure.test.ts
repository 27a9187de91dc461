import { subgraphUnavailable } from '@clmb/common';
import { describe, expect, it } from 'vitest';
import { classifyFailure, failedFields, isMutation, SubgraphHttpError } from './subgraph-failure';

const fetchFailed = (cause: unknown) => Object.assign(new TypeError('fetch failed'), { cause });

describe('subgraph failures', () => {
  it('tells connection failures (retryable for queries) from timeouts and HTTP answers', () => {
    expect(classifyFailure(fetchFailed(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })))).toBe('connection');
    expect(classifyFailure(fetchFailed(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' })))).toBe('connection');
    // `localhost` is tried as ::1 and 127.0.0.1; both refusals come back together.
    const both = new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' })], 'connect');
    expect(classifyFailure(fetchFailed(both))).toBe('connection');
    expect(classifyFailure(new DOMException('The operation was aborted due to timeout', 'TimeoutError'))).toBe('timeout');
    expect(classifyFailure(new SubgraphHttpError(503, 'Service Unavailable'))).toBe('unavailable');
    expect(classifyFailure(new SubgraphHttpError(403, { errors: [{ message: 'no' }] }))).toBeUndefined();
    expect(classifyFailure(new Error('Expected JSON response body'))).toBeUndefined();
  });

  it('relays only 400 and 401 GraphQL answers', () => {
    const body = { errors: [{ message: 'Variable "$input" got invalid value', extensions: { code: 'BAD_USER_INPUT' } }] };
    expect(new SubgraphHttpError(400, body).graphqlErrors).toEqual({ data: null, errors: body.errors });
    expect(new SubgraphHttpError(401, body).graphqlErrors).toEqual({ data: null, errors: body.errors });
    expect(new SubgraphHttpError(403, body).graphqlErrors).toBeUndefined();
    expect(new SubgraphHttpError(400, '<html>').graphqlErrors).toBeUndefined();
  });

  it('knows a mutation by the operation the gateway printed', () => {
    expect(isMutation('mutation CreateGym__gyms__0($input:CreateGymInput!){createGym(input:$input){id}}')).toBe(true);
    expect(isMutation('query Logbook__users__0{me{id}}')).toBe(false);
    expect(isMutation('{gyms{totalCount}}')).toBe(false);
  });

  it('puts an error on every entity or root field the subgraph owed', () => {
    const error = subgraphUnavailable('gyms');
    expect(failedFields('query($representations:[_Any!]!){_entities(representations:$representations){...on Gym{name}}}', { representations: [{}, {}] }, error)).toEqual({
      data: null,
      errors: [
        { ...error, path: ['_entities', 0] },
        { ...error, path: ['_entities', 1] },
      ],
    });
    expect(failedFields('{me{id} u:user(id:"x"){id} __typename}', {}, subgraphUnavailable('users', { timedOut: true }))).toEqual({
      data: null,
      errors: [
        { message: 'The users service did not answer in time.', path: ['me'], extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'users' } },
        { message: 'The users service did not answer in time.', path: ['u'], extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'users' } },
      ],
    });
  });
});
