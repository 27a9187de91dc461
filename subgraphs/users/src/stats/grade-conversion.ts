import type { Discipline } from '@clmb/drizzle/users';
import type { GradeSystemSummary } from '../gyms-client/gyms-client';

/** Climbs counted per grade, enough to tell which system most of them were graded in. */
interface GradedCount {
  gradeId: string;
  climbs: number;
}

/**
 * The system to show a climber's grades of one discipline in: their preference when it names a
 * system of that discipline, else the system most of their climbs were graded in (on a tie, the
 * first in gyms' order). null when none of the grades is known (yet) to the cache.
 */
export function displaySystem(
  systems: readonly GradeSystemSummary[],
  discipline: Discipline,
  preferredId: string | null,
  counts: readonly GradedCount[],
): GradeSystemSummary | null {
  // A system without grades could show nothing.
  const ofDiscipline = systems.filter((system) => system.discipline === discipline && system.grades.length > 0);
  const preferred = ofDiscipline.find((system) => system.id === preferredId);
  if (preferred) return preferred;
  const systemOfGrade = new Map(ofDiscipline.flatMap((system) => system.grades.map((grade) => [grade.id, system] as const)));
  const climbs = new Map<GradeSystemSummary, number>();
  for (const { gradeId, climbs: n } of counts) {
    const system = systemOfGrade.get(gradeId);
    if (system) climbs.set(system, (climbs.get(system) ?? 0) + n);
  }
  let best: GradeSystemSummary | null = null;
  for (const system of ofDiscipline) if ((climbs.get(system) ?? 0) > (best ? (climbs.get(best) ?? 0) : 0)) best = system;
  return best;
}
