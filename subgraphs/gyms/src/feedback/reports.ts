import {
  type Connection,
  DAY_MS,
  fields,
  invalidField,
  keysetConnection,
  NotFoundError,
  pageSize,
  keysetKey,
  parseKeysetAfter,
  parseInput,
  prime,
  ref,
  requireViewer,
  toConnection,
  type PageArgs,
} from '@clmb/common';
import { type GymRow, type RouteReportRow, type RouteRow, routeReportReason } from '@clmb/drizzle/gyms';
import { z } from 'zod';
import type { Context } from '../context';
import { requireRouteGymOpen } from '../gyms/gyms';
import { ANY_STAFF, requireGymRole } from '../staff/access';
import { limitWrites, type WindowLimit } from '../rate-limits';
import * as store from './report-store';

/** Reports a climber makes in a day: a whole wall's worth of loose holds, not a flood. */
export const REPORTS: WindowLimit = { what: 'reports', reason: 'ROUTE_REPORTS', max: 20, windowMs: DAY_MS };

const NOTE_MAX = 500;

const reportInput = z
  .object({
    routeId: fields.id,
    reason: z.enum(routeReportReason.enumValues),
    note: fields.optionalText(NOTE_MAX, { multiline: true }),
  })
  .superRefine((input, context) => {
    if (input.reason === 'OTHER' && !input.note) context.addIssue({ code: 'custom', path: ['note'], message: 'is required when the reason is OTHER' });
  });

const resolveInput = z.object({
  reportId: fields.id,
  resolution: fields.optionalText(NOTE_MAX, { multiline: true }),
});


/** OPEN or RESOLVED, as `RouteReport.status` reads it. */
export const statusOf = (report: RouteReportRow) => (report.resolvedAt ? 'RESOLVED' : 'OPEN');

export const routeOf = async (ctx: Context, report: RouteReportRow): Promise<RouteRow> => {
  const route = await ctx.loaders.routeById.load(report.routeId);
  if (!route) throw new Error(`route ${report.routeId} of report ${report.id} is missing`);
  return route;
};

/** The reporter is named to the staff of the report's gym only. */
export async function reporterOf(ctx: Context, report: RouteReportRow) {
  await requireGymRole(ctx, report.gymId, ANY_STAFF);
  return ref('User', report.reporterId);
}

/**
 * A climber's report of a standing route. A second open report of the same route and reason is
 * refused, naming the open one: the staff see one report per climber and problem, and the
 * climber learns which of theirs is still open.
 */
export async function reportRoute(ctx: Context, args: unknown): Promise<RouteReportRow> {
  const viewer = requireViewer(ctx.viewer);
  const input = parseInput(reportInput, args);
  const route = await ctx.loaders.routeById.load(input.routeId);
  if (!route) throw invalidField('input.routeId', 'no route has this id');
  if (route.strippedAt) throw invalidField('input.routeId', 'the route has been stripped');
  await requireRouteGymOpen(ctx, route, 'input.routeId');
  const row = await ctx.db.transaction(async (tx) => {
    await store.lockReporter(tx, viewer.id);
    const open = await store.findOpenReport(tx, route.id, viewer.id, input.reason);
    if (open) {
      const error = invalidField('input.reason', `you already reported this route for ${input.reason}: report ${open.id} is open`);
      error.extensions['reportId'] = open.id;
      throw error;
    }
    await limitWrites(tx, REPORTS, store.REPORTS_WRITTEN, viewer.id);
    return await store.insertReport(tx, { routeId: route.id, gymId: route.gymId, reporterId: viewer.id, reason: input.reason, note: input.note });
  });
  ctx.loaders.openReportCountByRouteId.clear(route.id);
  // Reports and open counts are the staff's: never cached, so this drops nothing.
  ctx.cacheTags.changed('RouteReport', row.id);
  return prime(ctx.loaders.reportById, row);
}

/** Staff of the report's gym close it; a report resolved already is an error, not a second resolution. */
export async function resolveRouteReport(ctx: Context, args: unknown): Promise<RouteReportRow> {
  const { reportId, resolution } = parseInput(resolveInput, args);
  requireViewer(ctx.viewer);
  const report = await ctx.loaders.reportById.load(reportId);
  if (!report) throw new NotFoundError('RouteReport', reportId);
  const viewer = await requireGymRole(ctx, report.gymId, ANY_STAFF);
  if (report.resolvedAt) throw invalidField('input.reportId', `the report was resolved at ${report.resolvedAt.toISOString()}`);
  const resolved = await store.resolveReport(ctx.db, reportId, viewer.id, resolution);
  if (!resolved) throw invalidField('input.reportId', 'the report has just been resolved');
  ctx.loaders.openReportCountByRouteId.clear(resolved.routeId);
  ctx.cacheTags.changed('RouteReport', resolved.id);
  return prime(ctx.loaders.reportById, resolved);
}

/** `Gym.reports`: the staff's queue, oldest first. */
export async function reportsOfGym(
  ctx: Context,
  gym: GymRow,
  { status, first, after }: PageArgs & { status?: 'OPEN' | 'RESOLVED' | null },
): Promise<Connection<RouteReportRow>> {
  await requireGymRole(ctx, gym.id, ANY_STAFF);
  const size = pageSize(first);
  const position = parseKeysetAfter(after);
  const rows = await ctx.loaders.reportQueueByGymId.load({ gymId: gym.id, resolved: status === 'RESOLVED', limit: size + 1, after: position });
  return toConnection(rows, size, (row) => keysetKey(row.createdAt, row.id), position !== null);
}

/** `myRouteReports`: the viewer's own reports, newest first. */
export async function myRouteReports(ctx: Context, args: PageArgs): Promise<Connection<RouteReportRow>> {
  const viewer = requireViewer(ctx.viewer);
  return keysetConnection(ctx.loaders.reportPagesByReporterId, (row) => row.createdAt, viewer.id, args);
}

/** Staff of the route's gym. */
export async function openReportCount(ctx: Context, route: RouteRow): Promise<number> {
  await requireGymRole(ctx, route.gymId, ANY_STAFF);
  return ctx.loaders.openReportCountByRouteId.load(route.id);
}
