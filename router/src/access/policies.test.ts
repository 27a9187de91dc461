import { describe, expect, it } from 'vitest';
import { claimsOf } from './claims';
import { POLICIES, unknownPolicies } from './policies';

const as = (role: 'CLIMBER' | 'ADMIN', staff = false) => ({ id: 'u1', role, staff });

describe('policies', () => {
  it("staff: an ADMIN or a token with the staff claim (staff of some gym), never a climber or nobody", () => {
    const staff = POLICIES['staff']!;
    expect([null, as('CLIMBER'), as('CLIMBER', true), as('ADMIN')].map((viewer) => staff(viewer))).toEqual([false, false, true, true]);
  });

  it('names the policies a supergraph uses that the router does not know', () => {
    expect(unknownPolicies(['staff'])).toEqual([]);
    expect(unknownPolicies(['staf', 'staff', 'owner'])).toEqual(['owner', 'staf']);
    // Not an inherited property of a plain object either.
    expect(unknownPolicies(['toString', 'constructor'])).toEqual(['constructor', 'toString']);
  });
});

describe('claims', () => {
  it('derives scopes from the role and decides only the policies the supergraph uses', () => {
    const used = new Set(['staff']);
    expect(claimsOf(null, used)).toEqual({ claims: { authenticated: false, scopes: new Set(), policies: new Set() }, key: '0||' });
    expect(claimsOf(as('CLIMBER'), used).key).toBe('1||');
    expect(claimsOf(as('CLIMBER', true), used)).toEqual({ claims: { authenticated: true, scopes: new Set(), policies: new Set(['staff']) }, key: '1||staff' });
    expect(claimsOf(as('ADMIN'), used).claims.scopes).toEqual(new Set(['admin']));
    expect(claimsOf(as('ADMIN'), new Set()).key).toBe('1|admin|');
  });

  it('grants no policy a reloaded supergraph names after an inherited property of an object', () => {
    expect(claimsOf(null, new Set(['constructor', 'toString', 'valueOf'])).claims.policies).toEqual(new Set());
  });
});
