import { ForbiddenError, requireViewer, type Viewer } from '@clmb/common';
import type { Context } from '../context';
import { staffKey } from './loaders';

export const STAFF_ROLES = ['OWNER', 'HEAD_SETTER', 'SETTER'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Any member of the gym's staff: sets routes, tags them, plans strips, works the report queue. */
export const ANY_STAFF: readonly StaffRole[] = STAFF_ROLES;
/** Plans walls and resets (grade targets, planReset) and sees how setters' grades land. */
export const HEAD_SETTERS: readonly StaffRole[] = ['OWNER', 'HEAD_SETTER'];
/** Manages the gym itself and its staff. */
export const OWNERS: readonly StaffRole[] = ['OWNER'];

/** Only an ADMIN: what no gym's staff decides (new gyms, the global grade systems). */
export const requireAdmin = (ctx: Context): Viewer => {
  const viewer = requireViewer(ctx.viewer);
  if (viewer.role !== 'ADMIN') throw new ForbiddenError('This needs the role ADMIN.');
  return viewer;
};

/** The viewer's role at the gym, null when they are not on its staff; one statement per batch. */
export async function staffRoleAt(ctx: Context, gymId: string, userId: string): Promise<StaffRole | null> {
  return (await ctx.loaders.staffMember.load(staffKey(gymId, userId)))?.role ?? null;
}

/**
 * The viewer, when they hold one of `roles` at the gym (an ADMIN always does). The gym's staff
 * decides, never a global role: the router's `staff` policy only screens out who is staff
 * nowhere, so this check is the one that counts. FORBIDDEN names the gym (`extensions.gymId`).
 */
export async function requireGymRole(ctx: Context, gymId: string, roles: readonly StaffRole[]): Promise<Viewer> {
  const viewer = requireViewer(ctx.viewer);
  if (viewer.role === 'ADMIN') return viewer;
  const role = await staffRoleAt(ctx, gymId, viewer.id);
  if (role && roles.includes(role)) return viewer;
  const needed = roles.length === STAFF_ROLES.length ? 'staff' : roles.join(' or ');
  throw new ForbiddenError(`This needs ${needed} of gym ${gymId}${role ? ` (you are ${role})` : ''}.`, { gymId });
}
