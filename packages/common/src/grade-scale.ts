/** Something on a discipline's difficulty scale: a grade row, or a bound of a route filter. */
interface OnScale {
  scale: number;
}

/**
 * The grade nearest to `scale`, the rule of the gyms service's `Grade.equivalent` and route filter
 * bounds, and of the users service's stats in a preferred system: the
 * smallest distance on the scale, and on a tie the easier grade, so a grade the charts place
 * between two finer ones (V4 = 6B/6B+) converts to the easier (6B), which converts back to V4.
 * null for a system without grades.
 */
export function nearestGrade<T extends OnScale>(grades: readonly T[], scale: number): T | null {
  let best: T | null = null;
  for (const grade of grades) {
    const distance = Math.abs(grade.scale - scale);
    const bestDistance = best ? Math.abs(best.scale - scale) : Number.POSITIVE_INFINITY;
    if (distance < bestDistance || (distance === bestDistance && best && grade.scale < best.scale)) best = grade;
  }
  return best;
}
