import { describe, expect, it } from 'vitest';
import { dataOf } from './client';

describe('dataOf', () => {
  it('returns the data of a response without errors', () => {
    expect(dataOf<{ me: { id: string } }>({ data: { me: { id: '1' } } })).toEqual({ me: { id: '1' } });
  });

  it('throws with the errors as JSON when there are any, even beside partial data', () => {
    const errors = [{ message: 'Not allowed.', extensions: { code: 'FORBIDDEN' } }];
    expect(() => dataOf({ data: { me: null }, errors })).toThrow(JSON.stringify(errors));
  });

  it('throws when there is no data at all', () => {
    expect(() => dataOf({ data: null })).toThrow(/unexpected GraphQL errors: null/);
    expect(() => dataOf({})).toThrow(/unexpected GraphQL errors/);
  });
});
