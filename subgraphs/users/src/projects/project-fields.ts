import { DAY_MS, type Connection, invalidField, pageSize, parseAfter, requireViewer, toConnection, type PageArgs } from '@clmb/common';
import type { ProjectRow, UserRow } from '@clmb/drizzle/users';
import { z } from 'zod';
import type { Context } from '../context';
import type { RoutePlan } from '../gyms-client/gyms-client';
import type { Allowed } from '../privacy/narrowing-store';
import { allVisible, assertCanSee, visibleNarrowings } from '../privacy/privacy';

// What a project shows beside its row (status, expiry, progress), the viewer's list of them, and
// the fields projects add to gyms' Route. Writes are projects.ts's.

export type ProjectConnectionParent = Connection<ProjectRow>;
export type ProjectStatus = 'ACTIVE' | 'SENT' | 'GONE';

const MAX_EXPIRING_DAYS = 365;
const cursorKey = z.tuple([z.number().int(), z.uuid()]);

/**
 * A project's state: SENT once the logbook holds a send of its route (whatever became of the
 * route since), else GONE once the route is stripped (or gyms does not know it), else ACTIVE.
 */
export function statusOf(project: Pick<ProjectRow, 'sentAt'>, route: RoutePlan | null | undefined): ProjectStatus {
  if (project.sentAt) return 'SENT';
  return !route || route.strippedAt ? 'GONE' : 'ACTIVE';
}

/** Days from now within which `expiringWithin` keeps projects; null: no such filter. */
function expiringDays(value: number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < 0 || value > MAX_EXPIRING_DAYS) throw invalidField('expiringWithin', `must be between 0 and ${MAX_EXPIRING_DAYS}`);
  return value;
}

/**
 * What of the climber's logbook a project shows the viewer (privacy's visibleNarrowings): null, all
 * of it (the climber, an ADMIN); FORBIDDEN when the viewer may not see the account.
 */
async function allowedFor(ctx: Context, userId: string): Promise<Allowed> {
  const allowed = await visibleNarrowings(ctx, userId, 'projects');
  return allVisible(allowed) ? null : allowed;
}

async function progressOf(ctx: Context, project: ProjectRow) {
  return await ctx.loaders.projectProgress.load({ userId: project.userId, routeId: project.routeId, allowed: await allowedFor(ctx, project.userId) });
}

/**
 * When the climber first sent the route, as far as the viewer may see: the stored `sent_at` for
 * the climber and an ADMIN, else the earliest send among the climbs the viewer may see, so a
 * send in a narrowed session or climb tells nobody it happened.
 */
export async function projectSentAt(ctx: Context, project: ProjectRow): Promise<Date | null> {
  if ((await allowedFor(ctx, project.userId)) === null) return project.sentAt;
  return (await progressOf(ctx, project))?.sentAt ?? null;
}

/**
 * A page of the user's projects in their order, by (position, id), for whoever may see the
 * account (privacy's rule); anyone else is FORBIDDEN. Status (and so the filters) counts only
 * the sends the viewer may see: one more statement for the page. A climber has at most 200 projects: they are
 * read in one statement, and with a filter their routes in one request to gyms.
 */
export async function userProjects(
  ctx: Context,
  user: UserRow,
  args: PageArgs & { status?: ProjectStatus | null; expiringWithin?: number | null },
): Promise<ProjectConnectionParent> {
  requireViewer(ctx.viewer);
  await assertCanSee(ctx, user.id, 'projects');
  const size = pageSize(args.first);
  const days = expiringDays(args.expiringWithin);
  const after = parseAfter(args.after, cursorKey);
  let rows = await ctx.loaders.projectsByUserId.load(user.id);
  if (args.status || days !== null) {
    const [routes, sentAts] = await Promise.all([
      Promise.all(rows.map((row) => ctx.routePlans.load(row.routeId))),
      Promise.all(rows.map((row) => projectSentAt(ctx, row))),
    ]);
    const until = days === null ? null : Date.now() + days * DAY_MS;
    rows = rows.filter((_, i) => {
      const route = routes[i];
      const status = statusOf({ sentAt: sentAts[i]! }, route);
      if (args.status && status !== args.status) return false;
      // Only what can still expire: a project sent, or whose route is down, has nothing left to run out.
      return until === null || (status === 'ACTIVE' && !!route?.plannedStripAt && new Date(route.plannedStripAt).getTime() <= until);
    });
  }
  if (after) rows = rows.filter((row) => row.position > after[0] || (row.position === after[0] && row.id > after[1]));
  return toConnection(rows.slice(0, size + 1), size, (row) => [row.position, row.id], after !== null);
}

export async function projectStatus(ctx: Context, project: ProjectRow): Promise<ProjectStatus> {
  // A send is the logbook's to say: gyms is not asked.
  const sentAt = await projectSentAt(ctx, project);
  if (sentAt) return 'SENT';
  return statusOf({ sentAt }, await ctx.routePlans.load(project.routeId));
}

export async function projectExpiresAt(ctx: Context, project: ProjectRow): Promise<Date | null> {
  const route = await ctx.routePlans.load(project.routeId);
  return route?.plannedStripAt ? new Date(route.plannedStripAt) : null;
}

export async function projectAttempts(ctx: Context, project: ProjectRow): Promise<number> {
  return (await progressOf(ctx, project))?.attempts ?? 0;
}

export async function projectSessions(ctx: Context, project: ProjectRow): Promise<number> {
  return (await progressOf(ctx, project))?.sessions ?? 0;
}

/** The viewer's project on a route: private to them, so null without a token. */
export const myProject = (ctx: Context, routeId: string): Promise<ProjectRow | null> | null =>
  ctx.viewer ? ctx.loaders.projectByUserAndRoute.load({ userId: ctx.viewer.id, routeId }) : null;

/**
 * Climbers with the route as an ACTIVE project: the projects not sent yet, none once the route is
 * stripped. Gyms is asked only about routes that have some (one request for a page of routes).
 */
export async function projectCount(ctx: Context, routeId: string): Promise<number> {
  const active = (await ctx.loaders.activeProjectCountByRouteId.load(routeId))?.count ?? 0;
  if (active === 0) return 0;
  const route = await ctx.routePlans.load(routeId);
  return statusOf({ sentAt: null }, route) === 'ACTIVE' ? active : 0;
}
