import type { Role } from '@clmb/common';

/** Who asks, as a policy sees it: the verified token's subject, role and `staff` claim, or nobody. */
export interface PolicyViewer {
  id: string;
  role: Role;
  /** On some gym's staff when the token was signed (docs/staff.md). */
  staff?: boolean;
}

/** A named rule for `@policy(policies: [["name"]])`: decided per request, before planning. */
export type Policy = (viewer: PolicyViewer | null) => boolean;

/**
 * Every policy the supergraph may name. Adding one is adding an entry here (with its test): the
 * router refuses to start on a supergraph that names a policy missing here, so a typo in an SDL
 * never leaves a field open or shut by accident.
 */
export const POLICIES: Readonly<Record<string, Policy>> = {
  /**
   * Gyms' writes and staff screens: an ADMIN, or staff of some gym (the token's `staff` claim). A
   * screen only: which gym a member may change is the gyms service's check, so staff of one gym
   * pass here and are refused there for another gym. A member added since their token was signed
   * passes from their next token (refresh); one removed is refused by gyms at once.
   */
  staff: (viewer) => viewer?.role === 'ADMIN' || viewer?.staff === true,
};

/** The policy names a supergraph uses that the router does not know. */
export const unknownPolicies = (names: Iterable<string>): string[] => [...names].filter((name) => !Object.hasOwn(POLICIES, name)).sort();
