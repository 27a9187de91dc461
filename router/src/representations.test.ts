import { describe, expect, it } from 'vitest';
import { distinctRepresentations, spreadEntities } from './representations';

const route = (id: string) => ({ __typename: 'Route', id });

describe('distinctRepresentations', () => {
  it('asks for each distinct representation once, keeping the other variables', () => {
    const folded = distinctRepresentations({ representations: [route('a'), route('b'), route('a'), route('c'), route('b')], locale: 'en' });
    expect(folded).toEqual({ variables: { representations: [route('a'), route('b'), route('c')], locale: 'en' }, positions: [0, 1, 0, 2, 1] });
  });

  it('leaves a request without repeats, or without representations, as it is', () => {
    expect(distinctRepresentations({ representations: [route('a'), route('b')] })).toBeUndefined();
    expect(distinctRepresentations({ id: 'a' })).toBeUndefined();
    expect(distinctRepresentations(undefined)).toBeUndefined();
  });
});

describe('spreadEntities', () => {
  it('gives every place its entity, and an entity’s error at every place it takes', () => {
    const response = {
      data: { _entities: [{ colour: 'red' }, null, { colour: 'blue' }] },
      errors: [
        { message: 'gone', path: ['_entities', 1, 'colour'] },
        { message: 'whole request', path: ['other'] },
      ],
    };
    expect(spreadEntities(response, [0, 1, 0, 2, 1])).toEqual({
      data: { _entities: [{ colour: 'red' }, null, { colour: 'red' }, { colour: 'blue' }, null] },
      errors: [
        { message: 'gone', path: ['_entities', 1, 'colour'] },
        { message: 'gone', path: ['_entities', 4, 'colour'] },
        { message: 'whole request', path: ['other'] },
      ],
    });
  });

  it('passes on an answer without entities (a subgraph that failed) with its errors', () => {
    const failed = { errors: [{ message: 'The gyms service is unavailable.', path: ['_entities', 0] }] };
    expect(spreadEntities(failed, [0, 0])).toEqual({
      errors: [
        { message: 'The gyms service is unavailable.', path: ['_entities', 0] },
        { message: 'The gyms service is unavailable.', path: ['_entities', 1] },
      ],
    });
  });
});

describe('distinctRepresentations with other keys', () => {
  it('tells apart representations with more than a type and an id, and never takes one for the other', () => {
    const bySlug = { __typename: 'Gym', slug: 'a' };
    const withMore = { __typename: 'Route', id: 'a', gymId: 'g' };
    const folded = distinctRepresentations({ representations: [bySlug, route('a'), withMore, { ...bySlug }, { ...withMore }, route('a')] });
    expect(folded).toEqual({ variables: { representations: [bySlug, route('a'), withMore] }, positions: [0, 1, 2, 0, 2, 1] });
  });
});
