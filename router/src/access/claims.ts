import type { Role } from '@clmb/common';
import type { Claims } from './requirements';
import { POLICIES, type PolicyViewer } from './policies';

/**
 * The scopes an access token carries, from its role: what `@requiresScopes` is matched against.
 * The users service signs a role, not a scope list, so the router derives them here, in one place.
 */
export const SCOPES_OF_ROLE: Readonly<Record<Role, readonly string[]>> = {
  CLIMBER: [],
  ADMIN: ['admin'],
};

export interface RequestClaims {
  claims: Claims;
  /** One string per distinct claims shape: filtered documents are kept per document and shape. */
  key: string;
}

/** The claims of one request: only the policies the supergraph uses are decided. */
export function claimsOf(viewer: PolicyViewer | null, policyNames: ReadonlySet<string>): RequestClaims {
  const scopes = viewer ? SCOPES_OF_ROLE[viewer.role] : [];
  const policies: string[] = [];
  // Own entries only: a supergraph naming `constructor` or `toString` must not reach Object's.
  for (const name of policyNames) if (Object.hasOwn(POLICIES, name) && POLICIES[name]?.(viewer)) policies.push(name);
  return {
    claims: { authenticated: viewer !== null, scopes: new Set(scopes), policies: new Set(policies) },
    key: `${viewer ? 1 : 0}|${scopes.join(' ')}|${policies.join(' ')}`,
  };
}
