import { asc, count, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Discipline, GradeRow, GradeSystemRow } from '@clmb/drizzle/gyms';
import { anyOf, mapPgErrors, preparedPerDatabase } from '@clmb/common';
import { schema, type GymsDb } from '../db';

const { gradeSystems, grades } = schema;

const constraintFields = {
  grade_system_name_key: 'input.name',
  grade_system_value_key: 'input.grades',
  grade_system_order_key: 'input.grades',
  grade_system_scale_key: 'input.grades',
  grade_scale_range: 'input.grades',
};

interface NewGradeSystem {
  name: string;
  description: string | null;
  discipline: Discipline;
  grades: { value: string; difficultyOrder: number; scale: number }[];
}

const gradeSystemsByIds = preparedPerDatabase((db: GymsDb) =>
  db.select().from(gradeSystems).where(anyOf(gradeSystems.id, 'ids')).prepare('grade_systems_by_ids'),
);

export async function findGradeSystemsByIds(db: GymsDb, ids: readonly string[]): Promise<GradeSystemRow[]> {
  return await gradeSystemsByIds(db).execute({ ids });
}

export async function listGradeSystems(db: GymsDb): Promise<GradeSystemRow[]> {
  return await db
    .select()
    .from(gradeSystems)
    .orderBy(sql`lower(${gradeSystems.name})`, asc(gradeSystems.id));
}

const gradesByIds = preparedPerDatabase((db: GymsDb) => db.select().from(grades).where(anyOf(grades.id, 'ids')).prepare('grades_by_ids'));

export async function findGradesByIds(db: GymsDb, ids: readonly string[]): Promise<GradeRow[]> {
  return await gradesByIds(db).execute({ ids });
}

/** Easiest first, as `GradeSystem.grades` promises. */
export async function findGradesBySystemIds(db: GymsDb, systemIds: readonly string[]): Promise<GradeRow[]> {
  return await db
    .select()
    .from(grades)
    .where(inArray(grades.gradeSystemId, [...systemIds]))
    .orderBy(asc(grades.gradeSystemId), asc(grades.difficultyOrder));
}

// Prepared: every grade-filtered page of routes reads it. A system asked for brings the grades of
// every system that shares its discipline.
const gradesOfDisciplines = preparedPerDatabase((db: GymsDb) => {
  const asked = alias(gradeSystems, 'asked');
  return db
    .select({ askedId: asked.id, grade: grades })
    .from(asked)
    .innerJoin(gradeSystems, eq(gradeSystems.discipline, asked.discipline))
    .innerJoin(grades, eq(grades.gradeSystemId, gradeSystems.id))
    .where(anyOf(asked.id, 'ids'))
    .orderBy(asc(grades.gradeSystemId), asc(grades.difficultyOrder))
    .prepare('grades_of_disciplines_by_system_ids');
});

/**
 * Every grade of every system of the discipline of each of `systemIds` (that system's own
 * included), with the id it was asked for; by system, easiest first.
 */
export async function findDisciplineGradesBySystemIds(db: GymsDb, systemIds: readonly string[]): Promise<{ askedId: string; grade: GradeRow }[]> {
  return await gradesOfDisciplines(db).execute({ ids: systemIds });
}

/**
 * The system and all its grades, or nothing: a duplicate grade rolls the system back too. null
 * when `limit` systems exist already; the table is locked against other writers meanwhile, so two
 * creations at once cannot both pass the count.
 */
export async function insertGradeSystem(db: GymsDb, input: NewGradeSystem, limit: number): Promise<GradeSystemRow | null> {
  return await mapPgErrors(
    () =>
      db.transaction(async (tx) => {
        await tx.execute(sql`lock table ${gradeSystems} in share row exclusive mode`);
        const [existing] = await tx.select({ count: count() }).from(gradeSystems);
        if ((existing?.count ?? 0) >= limit) return null;
        const [system] = await tx
          .insert(gradeSystems)
          .values({ name: input.name, description: input.description, discipline: input.discipline })
          .returning();
        if (!system) throw new Error('insert into grade_system returned no row');
        await tx.insert(grades).values(input.grades.map((grade) => ({ ...grade, gradeSystemId: system.id })));
        return system;
      }),
    constraintFields,
  );
}
