import type { Role } from '@clmb/common';

/** Who asks, as a policy sees it: the verified token's subject and role, or nobody. */
export interface PolicyViewer {
  id: string;
  role: Role;
}

/** A named rule for `@policy(policies: [["name"]])`: decided per request, before planning. */
export type Policy = (viewer: PolicyViewer | null) => boolean;

/**
 * Every policy the supergraph may name. Adding one is adding an entry here (with its test): the
 * router refuses to start on a supergraph that names a policy missing here, so a typo in an SDL
 * never leaves a field open or shut by accident.
 */
export const POLICIES: Readonly<Record<string, Policy>> = {
  /** Manages gyms, routes, walls and grade systems: a SETTER or an ADMIN. */
  staff: (viewer) => viewer?.role === 'SETTER' || viewer?.role === 'ADMIN',
};

/** The policy names a supergraph uses that the router does not know. */
export const unknownPolicies = (names: Iterable<string>): string[] => [...names].filter((name) => !Object.hasOwn(POLICIES, name)).sort();
