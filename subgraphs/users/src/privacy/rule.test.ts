import { describe, expect, it } from 'vitest';
import { effectiveVisibility, mayView, type Relation, type Visibility } from './rule';

const relations: Relation[] = ['SELF', 'ADMIN', 'FOLLOWER', 'STRANGER', 'ANONYMOUS', 'BLOCKED'];
const visibilities: Visibility[] = ['PUBLIC', 'FOLLOWERS', 'PRIVATE'];

describe('the privacy rule', () => {
  it('lets each relation see what its visibility allows, and a blocked viewer nothing', () => {
    const table = Object.fromEntries(relations.map((r) => [r, visibilities.filter((v) => mayView(r, v))]));
    expect(table).toEqual({
      SELF: ['PUBLIC', 'FOLLOWERS', 'PRIVATE'],
      ADMIN: ['PUBLIC', 'FOLLOWERS', 'PRIVATE'],
      FOLLOWER: ['PUBLIC', 'FOLLOWERS'],
      STRANGER: ['PUBLIC'],
      ANONYMOUS: ['PUBLIC'],
      BLOCKED: [],
    });
  });

  it('lets a session or climb narrow the account, never widen it', () => {
    expect(effectiveVisibility('PUBLIC', 'FOLLOWERS')).toBe('FOLLOWERS');
    expect(effectiveVisibility('PUBLIC', null, 'PRIVATE')).toBe('PRIVATE');
    expect(effectiveVisibility('FOLLOWERS', 'PUBLIC')).toBe('FOLLOWERS');
    expect(effectiveVisibility('PRIVATE', 'PUBLIC', 'FOLLOWERS')).toBe('PRIVATE');
    expect(effectiveVisibility('FOLLOWERS')).toBe('FOLLOWERS');
  });
});
