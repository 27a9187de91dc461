// subgraphs/gyms/src/staff/access.ts — the CONTRACT every gyms helper codes against.
// The "staff" helper writes the real file at this path with exactly these exports; the others copy
// this placeholder verbatim (do not change it: the staff helper's version replaces it at merge).
// Placeholder behaviour: ADMIN and the (old, global) SETTER pass, anyone else is FORBIDDEN, no token
// is UNAUTHENTICATED. The real one: ADMIN passes everywhere; otherwise the viewer must hold one of
// `roles` at `gymId` (gyms.gym_staff), else FORBIDDEN with a message naming the gym and
// extensions { code: 'FORBIDDEN', gymId }.
import { requireRole, type Viewer } from '@clmb/common';
import type { Context } from '../context';

export const STAFF_ROLES = ['OWNER', 'HEAD_SETTER', 'SETTER'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Any member of the gym's staff: sets routes, tags them, plans strips, works the report queue. */
export const ANY_STAFF: readonly StaffRole[] = STAFF_ROLES;
/** Plans walls and resets (grade targets, planReset) and sees how setters' grades land. */
export const HEAD_SETTERS: readonly StaffRole[] = ['OWNER', 'HEAD_SETTER'];
/** Manages the gym itself and its staff. */
export const OWNERS: readonly StaffRole[] = ['OWNER'];

/** The viewer, when they hold one of `roles` at the gym (an ADMIN always does). */
export async function requireGymRole(ctx: Context, gymId: string, roles: readonly StaffRole[]): Promise<Viewer> {
  void gymId;
  void roles;
  return requireRole(ctx.viewer, 'SETTER', 'ADMIN');
}
