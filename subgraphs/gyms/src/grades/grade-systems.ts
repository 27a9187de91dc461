import { fields, invalidField, loadReference, nearestGrade, parseId, parseInput, present, prime } from '@clmb/common';
import { type GradeRow, type GradeSystemRow, SCALE_MAX, SCALE_MIN } from '@clmb/drizzle/gyms';
import { z } from 'zod';
import type { Context } from '../context';
import { requireAdmin } from '../staff/access';
import * as store from './grade-system-store';

/** The most grades a system has (`GradeSystem.grades`): the finest real scales have about 35. */
const MAX_GRADES = 50;
/** The most grade systems the service holds (`Query.gradeSystems`): the world uses about a dozen. */
const MAX_GRADE_SYSTEMS = 20;

const difficultyOrder = z.number().int().min(0).max(1_000_000);
const discipline = z.enum(['BOULDER', 'ROPE'], { message: 'is required: BOULDER or ROPE' });
const scale = z
  .number({ message: `is required: an integer from ${SCALE_MIN} to ${SCALE_MAX}` })
  .int(`must be an integer from ${SCALE_MIN} to ${SCALE_MAX}`)
  .min(SCALE_MIN, `must be an integer from ${SCALE_MIN} to ${SCALE_MAX}`)
  .max(SCALE_MAX, `must be an integer from ${SCALE_MIN} to ${SCALE_MAX}`);

const createInput = z
  .object({
    name: fields.text(64),
    description: fields.optionalText(2000, { multiline: true }),
    discipline,
    grades: z
      .array(z.object({ value: fields.text(32), difficultyOrder, scale }))
      .min(1, 'must have at least one grade')
      .max(MAX_GRADES, `must have at most ${MAX_GRADES} grades`),
  })
  .superRefine(({ grades }, ctx) => {
    const values = new Set<string>();
    const orders = new Set<number>();
    grades.forEach((grade, i) => {
      if (values.has(grade.value)) ctx.addIssue({ code: 'custom', path: ['grades', i, 'value'], message: 'is used twice' });
      if (orders.has(grade.difficultyOrder))
        ctx.addIssue({ code: 'custom', path: ['grades', i, 'difficultyOrder'], message: 'is used twice' });
      values.add(grade.value);
      orders.add(grade.difficultyOrder);
    });
    // A harder grade sits higher on the scale, or conversion would turn the order upside down.
    const byOrder = grades.map((grade, i) => ({ ...grade, i })).sort((a, b) => a.difficultyOrder - b.difficultyOrder);
    byOrder.forEach((grade, k) => {
      const easier = byOrder[k - 1];
      if (easier && easier.difficultyOrder !== grade.difficultyOrder && grade.scale <= easier.scale)
        ctx.addIssue({
          code: 'custom',
          path: ['grades', grade.i, 'scale'],
          message: `must be above ${easier.scale}, the scale of the next easier grade ${easier.value}`,
        });
    });
  });

export const gradeSystem = (ctx: Context, id: unknown) => ctx.loaders.gradeSystemById.load(parseId(id));

export const gradeSystemByReference = (ctx: Context, reference: { id?: unknown }) => loadReference(ctx.loaders.gradeSystemById, reference);

export const gradeByReference = (ctx: Context, reference: { id?: unknown }) => loadReference(ctx.loaders.gradeById, reference);

/** The grade system of a grade or a gym. */
export const gradeSystemOf = async (ctx: Context, row: { gradeSystemId: string }): Promise<GradeSystemRow> =>
  present(await ctx.loaders.gradeSystemById.load(row.gradeSystemId), `grade system ${row.gradeSystemId}`);

/** A route's grade; routes are read with it, so this costs no statement. */
export const gradeOf = async (ctx: Context, route: { gradeId: string }): Promise<GradeRow> =>
  present(await ctx.loaders.gradeById.load(route.gradeId), `grade ${route.gradeId}`);

/** Easiest first. */
export const gradesOfSystem = (ctx: Context, system: GradeSystemRow) => ctx.loaders.gradesBySystemId.load(system.id);

export async function gradeSystems(ctx: Context): Promise<GradeSystemRow[]> {
  const systems = await store.listGradeSystems(ctx.db);
  for (const system of systems) prime(ctx.loaders.gradeSystemById, system);
  return systems;
}

export async function createGradeSystem(ctx: Context, args: unknown): Promise<GradeSystemRow> {
  requireAdmin(ctx);
  const input = parseInput(createInput, args);
  const system = await store.insertGradeSystem(ctx.db, input, MAX_GRADE_SYSTEMS);
  if (!system) throw invalidField('input', `there are already ${MAX_GRADE_SYSTEMS} grade systems, the most the service holds`);
  ctx.cacheTags.changed('GradeSystem', system.id);
  ctx.cacheTags.setChanged('GradeSystem');
  return prime(ctx.loaders.gradeSystemById, system);
}

/**
 * The grades of every grade system of the discipline of `systemId`, its own included, by system id
 * (in the store's order): where a place on the scale falls in each system a route may be graded in.
 */
export async function gradesOfDiscipline(ctx: Context, systemId: string): Promise<Map<string, GradeRow[]>> {
  const bySystem = new Map<string, GradeRow[]>();
  for (const { grade } of await ctx.loaders.disciplineGradesBySystemId.load(systemId)) {
    const grades = bySystem.get(grade.gradeSystemId);
    if (grades) grades.push(grade);
    else bySystem.set(grade.gradeSystemId, [grade]);
  }
  return bySystem;
}

/**
 * `grade` in the system `systemId`: its nearest grade there (nearestGrade's rule), or null for
 * another discipline or an unknown system. Batched: the systems and their grades come from the
 * request's loaders, so a page of grades asking for equivalents costs two statements.
 */
export async function equivalent(ctx: Context, grade: GradeRow, systemId: unknown): Promise<GradeRow | null> {
  const targetId = parseId(systemId, 'systemId');
  // The target's grades are asked for in the same round as the systems: one round, not two.
  const [from, to, grades] = await Promise.all([
    ctx.loaders.gradeSystemById.load(grade.gradeSystemId),
    ctx.loaders.gradeSystemById.load(targetId),
    ctx.loaders.gradesBySystemId.load(targetId),
  ]);
  return from && to && from.discipline === to.discipline ? nearestGrade(grades, grade.scale) : null;
}
