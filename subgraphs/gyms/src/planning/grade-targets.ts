import { fields, invalidField, NotFoundError, parseInput, present, requireViewer } from '@clmb/common';
import type { GradeRow, WallGradeTargetRow, WallRow } from '@clmb/drizzle/gyms';
import { z } from 'zod';
import type { Context } from '../context';
import { gradesOfDiscipline } from '../grades/grade-systems';
import { MAX_ROUTES_PER_WALL } from '../routes/route-store';
import { HEAD_SETTERS, requireGymRole } from '../staff/access';
import * as store from './grade-target-store';

/** The most bands a wall is planned in: one per grade of the longest systems is plenty. */
export const MAX_TARGETS_PER_WALL = 20;

/** A reset is 5 or more of a wall's routes coming down within a day (`Wall.lastResetAt`). */
const RESET = { minRoutes: 5, windowSeconds: 24 * 3600 };

const setInput = z.object({
  wallId: fields.id,
  targets: z
    .array(
      z.object({
        fromGradeId: fields.id,
        toGradeId: fields.id,
        count: z.number().int().min(0, 'must not be negative').max(MAX_ROUTES_PER_WALL, `must be at most ${MAX_ROUTES_PER_WALL}, the most a wall holds`),
      }),
    )
    .max(MAX_TARGETS_PER_WALL, `must have at most ${MAX_TARGETS_PER_WALL} bands`),
});

/** A target band with its bounds on the difficulty scale. */
export interface Band {
  target: WallGradeTargetRow;
  fromScale: number;
  toScale: number;
}

/** How many routes of a wall are in a band now; `target` null for those outside every band. */
export interface BandCount {
  target: WallGradeTargetRow | null;
  current: number;
}

const grade = async (ctx: Context, id: string) => present(await ctx.loaders.gradeById.load(id), `grade ${id}`);

export const gradeTargetsOf = (ctx: Context, wall: WallRow) => ctx.loaders.gradeTargetsByWallId.load(wall.id);

export const fromGradeOf = (ctx: Context, target: WallGradeTargetRow) => grade(ctx, target.fromGradeId);
export const toGradeOf = (ctx: Context, target: WallGradeTargetRow) => grade(ctx, target.toGradeId);

/** The wall's bands, easiest first. */
async function bandsOf(ctx: Context, wall: WallRow): Promise<Band[]> {
  const targets = await ctx.loaders.gradeTargetsByWallId.load(wall.id);
  const bands = await Promise.all(
    targets.map(async (target) => ({ target, fromScale: (await fromGradeOf(ctx, target)).scale, toScale: (await toGradeOf(ctx, target)).scale })),
  );
  return bands.sort((a, b) => a.fromScale - b.fromScale);
}

/**
 * The routes on the wall now per band (by their grade's place on the difficulty scale), easiest
 * band first, then those outside every band when there are any.
 */
export async function gradeDistributionOf(ctx: Context, wall: WallRow): Promise<BandCount[]> {
  const [bands, routes] = await Promise.all([bandsOf(ctx, wall), ctx.loaders.routesByWallId.load({ wallId: wall.id, includeStripped: false })]);
  const scales = await Promise.all(routes.map(async (route) => (await grade(ctx, route.gradeId)).scale));
  const counts = bands.map((band) => ({ target: band.target, current: 0 }));
  let outside = 0;
  for (const scale of scales) {
    const index = bands.findIndex((band) => scale >= band.fromScale && scale <= band.toScale);
    if (index >= 0) counts[index]!.current++;
    else outside++;
  }
  return outside > 0 ? [...counts, { target: null, current: outside }] : counts;
}

/** See `Wall.lastResetAt`. */
export const lastResetAtOf = (ctx: Context, wall: WallRow) => ctx.loaders.lastResetByWallId.load({ wallId: wall.id, ...RESET });

/**
 * A band's grade: of a system of the gym's discipline (any of them: bands compare on the
 * difficulty scale, so a head setter may plan in the system they think in).
 */
function bandGrade(grades: Map<string, GradeRow>, id: string, field: string): GradeRow {
  const found = grades.get(id);
  if (!found) throw invalidField(field, "is not a grade of the gym's discipline");
  return found;
}

/** Replaces the wall's targets, checked as a whole: bands that do not add up are refused, naming the target. */
export async function setWallGradeTargets(ctx: Context, args: unknown): Promise<WallRow> {
  const { wallId, targets } = parseInput(setInput, args);
  requireViewer(ctx.viewer);
  const wall = await ctx.loaders.wallById.load(wallId);
  if (!wall) throw new NotFoundError('Wall', wallId);
  await requireGymRole(ctx, wall.gymId, HEAD_SETTERS);
  const gym = present(await ctx.loaders.gymById.load(wall.gymId), `gym ${wall.gymId}`);
  const grades = new Map([...(await gradesOfDiscipline(ctx, gym.gradeSystemId)).values()].flat().map((g) => [g.id, g]));
  const bands = targets.map((target, i) => {
    const from = bandGrade(grades, target.fromGradeId, `input.targets.${i}.fromGradeId`);
    const to = bandGrade(grades, target.toGradeId, `input.targets.${i}.toGradeId`);
    if (to.gradeSystemId !== from.gradeSystemId) throw invalidField(`input.targets.${i}.toGradeId`, 'must be of the same grade system as fromGradeId');
    if (to.scale < from.scale) throw invalidField(`input.targets.${i}.toGradeId`, 'must not be easier than fromGradeId');
    return { index: i, fromScale: from.scale, toScale: to.scale };
  });
  const ordered = [...bands].sort((a, b) => a.fromScale - b.fromScale || a.index - b.index);
  for (let i = 1; i < ordered.length; i++) {
    const [before, band] = [ordered[i - 1]!, ordered[i]!];
    if (band.fromScale <= before.toScale) {
      const [first, second] = [Math.min(before.index, band.index), Math.max(before.index, band.index)];
      throw invalidField(`input.targets.${second}.fromGradeId`, `the band overlaps band ${first}`);
    }
  }
  const total = targets.reduce((sum, target) => sum + target.count, 0);
  if (total > MAX_ROUTES_PER_WALL) throw invalidField('input.targets', `the counts add up to ${total}, more than the ${MAX_ROUTES_PER_WALL} routes a wall holds`);
  const rows = await ctx.db.transaction(async (tx) => {
    await store.lockWall(tx, wall.id);
    return await store.replaceTargets(tx, wall.id, targets);
  });
  ctx.loaders.gradeTargetsByWallId.clear(wall.id).prime(wall.id, rows);
  ctx.cacheTags.changed('Wall', wall.id);
  return wall;
}
