import { manyLoader, oneLoader } from '@clmb/common';
import type { GymsDb } from '../db';
import { findDisciplineGradesBySystemIds, findGradesByIds, findGradesBySystemIds, findGradeSystemsByIds } from './grade-system-store';

/** Grade systems and grades, new per request (see ../loaders.ts). */
export const gradeLoaders = (db: GymsDb) => ({
  gradeSystemById: oneLoader((ids) => findGradeSystemsByIds(db, ids), (row) => row.id),
  /** A system's grades, easiest first. */
  gradesBySystemId: manyLoader((ids) => findGradesBySystemIds(db, ids), (row) => row.gradeSystemId),
  gradeById: oneLoader((ids) => findGradesByIds(db, ids), (row) => row.id),
  /** The grades of every system of a system's discipline, by system and easiest first. */
  disciplineGradesBySystemId: manyLoader((ids) => findDisciplineGradesBySystemIds(db, ids), (row) => row.askedId),
});
