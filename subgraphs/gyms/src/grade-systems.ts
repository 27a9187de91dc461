import { fields, parseId, parseInput, prime } from '@clmb/common';
import type { GradeSystemRow } from '@clmb/drizzle/gyms';
import { z } from 'zod';
import { requireSetter } from './access';
import type { Context } from './context';
import * as store from './grade-system-store';

const difficultyOrder = z.number().int().min(0).max(1_000_000);

const createInput = z
  .object({
    name: fields.text(64),
    description: fields.optionalText(2000, { multiline: true }),
    grades: z
      .array(z.object({ value: fields.text(32), difficultyOrder }))
      .min(1, 'must have at least one grade')
      .max(200, 'must have at most 200 grades'),
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
  });

export const gradeSystem = (ctx: Context, id: unknown) => ctx.loaders.gradeSystemById.load(parseId(id));

export async function gradeSystems(ctx: Context): Promise<GradeSystemRow[]> {
  const systems = await store.listGradeSystems(ctx.db);
  for (const system of systems) prime(ctx.loaders.gradeSystemById, system);
  return systems;
}

export async function createGradeSystem(ctx: Context, args: unknown): Promise<GradeSystemRow> {
  requireSetter(ctx);
  return prime(ctx.loaders.gradeSystemById, await store.insertGradeSystem(ctx.db, parseInput(createInput, args)));
}
