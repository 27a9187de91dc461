/** The baseline's stats: counts, the grade pyramid, the monthly progression and the hardest send, folded from one row per month and grade. */
import type { Operation } from './baseline-context';
import { gradeValues, SQL } from './baseline-sql';

/** The bench climber's stats; all their climbs share one grade system, so no grade converts. */
export const stats: Operation = async ({ users, gyms, viewer }, authorization) => {
  const me = await viewer(authorization);
  const [user, [counts], rows] = await Promise.all([users.query(SQL.user, [me.id]), users.query(SQL.climbCounts, [me.id]), users.query(SQL.gradeMonths, [me.id, 'BOULDER'])]);
  if (user.length === 0) return { me: null };
  const grade = await gradeValues(gyms, rows.map((r) => r.grade_id));
  const byGrade = new Map<string, { scale: number; sends: number; attempts: number }>();
  const byMonth = new Map<string, { best: Record<string, any> | null; sends: number }>();
  let hardest: Record<string, any> | null = null;
  for (const r of rows) {
    const step = byGrade.get(r.grade_id) ?? { scale: r.grade_scale, sends: 0, attempts: 0 };
    step.sends += r.sends;
    step.attempts += r.attempts;
    byGrade.set(r.grade_id, step);
    const month = byMonth.get(r.month) ?? { best: null, sends: 0 };
    month.sends += r.sends;
    if (r.sends > 0 && (!month.best || r.grade_scale > month.best.grade_scale)) month.best = r;
    byMonth.set(r.month, month);
    if (r.sends > 0 && (!hardest || r.grade_scale > hardest.grade_scale)) hardest = r;
  }
  const pyramid = [...byGrade.entries()].sort((a, b) => b[1].scale - a[1].scale).map(([id, step]) => ({ grade: grade(id), sends: step.sends, attempts: step.attempts }));
  const months = [...byMonth.keys()].sort();
  // Every month from the first with a climb to the last, as month numbers since year 0.
  const index = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
  const label = (n: number) => `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
  const progression = [];
  for (let n = months.length ? index(months[0]!) : 0; months.length && n <= index(months.at(-1)!); n++) {
    const point = byMonth.get(label(n));
    progression.push({ month: label(n), hardestSend: grade(point?.best?.grade_id), sends: point?.sends ?? 0 });
  }
  const { climbs, sends, flashes, onsights } = counts!;
  return {
    me: {
      stats: { climbCount: climbs, sendCount: sends, flashCount: flashes, onsightCount: onsights, hardestSend: hardest ? { grade: grade(hardest.grade_id) } : null, pyramid, progression },
    },
  };
};
