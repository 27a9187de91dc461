import { ForbiddenError, fields, parseInput } from '@clmb/common';
import { z } from 'zod';
import type { Context } from '../context';
import { findActiveProjectsOnRoutes } from '../projects/project-store';
import { type NotificationInput, recordNotifications } from './notify';

/** The most routes one call names: gyms plans at most a wall's routes at once. */
const MAX_ROUTES = 500;

const routesInput = z
  .array(z.object({ id: fields.id, gymId: fields.id, plannedStripAt: fields.dateTime }))
  .max(MAX_ROUTES, `must name at most ${MAX_ROUTES} routes`);

/**
 * Internal (`_routesComingDown`): the gyms service planned these routes to come down. Each climber
 * with one as an ACTIVE project (not sent; a route with a plan is on the wall) is told
 * PROJECT_COMING_DOWN, once per route and planned time (a moved plan tells again), in one
 * transaction. Only the gyms service calls it (through the subgraph secret, without a token).
 * Answers how many notifications were recorded.
 */
export async function routesComingDown(ctx: Context, routes: unknown): Promise<number> {
  if (ctx.viewer) throw new ForbiddenError('Only the gyms service tells of routes coming down.');
  const plans = new Map(parseInput(routesInput, routes, 'routes').map((plan) => [plan.id, plan]));
  if (plans.size === 0) return 0;
  const projects = await findActiveProjectsOnRoutes(ctx.db, [...plans.keys()]);
  const inputs = projects.map((project): NotificationInput => {
    const plan = plans.get(project.routeId)!;
    return {
      recipientId: project.userId,
      kind: 'PROJECT_COMING_DOWN',
      routeId: plan.id,
      gymId: plan.gymId,
      plannedStripAt: plan.plannedStripAt,
      once: `PROJECT_COMING_DOWN:${plan.id}:${plan.plannedStripAt.toISOString()}`,
    };
  });
  const { rows, afterCommit } = await ctx.db.transaction((tx) => recordNotifications(ctx, tx, inputs));
  afterCommit();
  return rows.length;
}
