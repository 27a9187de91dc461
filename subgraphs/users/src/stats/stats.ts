import { fields, nearestGrade, parseInput, prime, ref, requireViewer } from '@clmb/common';
import { formatDuration } from '@clmb/scalars';
import type { ClimbRow, Discipline, UserRow } from '@clmb/drizzle/users';
import { z } from 'zod';
import type { Context } from '../context';
import { displaySystem } from './grade-conversion';
import type { GradeSystemSummary } from '../gyms-client/gyms-client';
import type { UserStatsKey } from './loaders';
import type { Allowed, GradeMonthRow, Period } from './stats-store';
import { viewerOf } from '../accounts/users';
import { allVisible, visibleNarrowings } from '../privacy/privacy';

/** `User.stats`: whose, over which period, over what the viewer may see; each field loads only what it needs. */
export interface UserStatsParent {
  userId: string;
  period: Period;
  allowed: Allowed;
}

const periodInput = z
  .object({ from: fields.dateTime.nullish(), to: fields.dateTime.nullish() })
  .nullish()
  .refine((period) => !period?.from || !period.to || period.from < period.to, { message: 'must be after `from`', path: ['to'] });

/** FORBIDDEN when the viewer may not see the account; else over the sessions and climbs they may see. */
export async function stats(ctx: Context, user: UserRow, args: { period?: unknown }): Promise<UserStatsParent> {
  const self = viewerOf(ctx, user)?.id === user.id;
  // Anonymous readers never see a logbook's figures (User.stats is @authenticated at the router too).
  if (!self) requireViewer(ctx.viewer);
  const period = parseInput(periodInput, args.period, 'period');
  const allowed = await visibleNarrowings(ctx, user.id, 'stats', self);
  return { userId: user.id, period: { from: period?.from ?? null, to: period?.to ?? null }, allowed: allVisible(allowed) ? null : allowed };
}

const totals = (ctx: Context, parent: UserStatsParent) => ctx.loaders.statsByUser.load(parent);

export const sessionCount = async (ctx: Context, parent: UserStatsParent) => (await totals(ctx, parent))?.sessionCount ?? 0;
export const climbCount = async (ctx: Context, parent: UserStatsParent) => (await totals(ctx, parent))?.climbCount ?? 0;
export const sendCount = async (ctx: Context, parent: UserStatsParent) => (await totals(ctx, parent))?.sendCount ?? 0;
export const flashCount = async (ctx: Context, parent: UserStatsParent) => (await totals(ctx, parent))?.flashCount ?? 0;
export const onsightCount = async (ctx: Context, parent: UserStatsParent) => (await totals(ctx, parent))?.onsightCount ?? 0;
export const totalDuration = async (ctx: Context, parent: UserStatsParent) => formatDuration(Number((await totals(ctx, parent))?.durationMs ?? 0));
export const privateClimbCount = async (ctx: Context, parent: UserStatsParent) => (await totals(ctx, parent))?.privateClimbCount ?? 0;
export const privateSessionCount = async (ctx: Context, parent: UserStatsParent) => (await totals(ctx, parent))?.privateSessionCount ?? 0;

/** Counted only when asked for (a connection's totalCount), from the same batched aggregate as `stats`: every session of the user. */
export const allTimeSessionCount = (ctx: Context, userId: string) => sessionCount(ctx, { userId, period: { from: null, to: null }, allowed: null });

const key = (parent: UserStatsParent, discipline: Discipline): UserStatsKey => ({ ...parent, discipline });

export async function hardestSend(ctx: Context, parent: UserStatsParent, args: { discipline: Discipline }): Promise<ClimbRow | null> {
  const climb = await ctx.loaders.hardestSendByUser.load(key(parent, args.discipline));
  return climb && prime(ctx.loaders.climbById, climb);
}

type Grade = GradeSystemSummary['grades'][number];

/** The rows of one discipline, each with its grade in the system they are shown in. */
interface Conversion {
  rows: GradeMonthRow[];
  gradeOf: (row: GradeMonthRow) => Grade;
}

async function loadConversion(ctx: Context, parent: UserStatsParent, discipline: Discipline): Promise<Conversion | null> {
  const rows = await ctx.loaders.gradeMonthsByUser.load(key(parent, discipline));
  if (rows.length === 0) return null;
  const [systems, preferences] = await Promise.all([ctx.gradeSystems.systems(), ctx.loaders.preferencesByUserId.load(parent.userId)]);
  const preferred = (discipline === 'BOULDER' ? preferences?.boulderGradeSystemId : preferences?.ropeGradeSystemId) ?? null;
  const system = displaySystem(systems, discipline, preferred, rows);
  if (!system) return null;
  const gradeOf = (row: GradeMonthRow) => nearestGrade(system.grades, row.gradeScale)!;
  return { rows, gradeOf };
}

/** Per stats object and discipline, so that its pyramid and progression pick the system once. */
const conversions = new WeakMap<UserStatsParent, Map<Discipline, Promise<Conversion | null>>>();

function conversionOf(ctx: Context, parent: UserStatsParent, discipline: Discipline): Promise<Conversion | null> {
  const ofParent = conversions.get(parent) ?? new Map<Discipline, Promise<Conversion | null>>();
  conversions.set(parent, ofParent);
  const conversion = ofParent.get(discipline) ?? loadConversion(ctx, parent, discipline);
  ofParent.set(discipline, conversion);
  return conversion;
}

export async function pyramid(ctx: Context, parent: UserStatsParent, args: { discipline: Discipline }) {
  const conversion = await conversionOf(ctx, parent, args.discipline);
  if (!conversion) return [];
  const steps = new Map<string, { grade: Grade; sends: number; attempts: number }>();
  for (const row of conversion.rows) {
    const grade = conversion.gradeOf(row);
    const step = steps.get(grade.id) ?? { grade, sends: 0, attempts: 0 };
    step.sends += row.sends;
    step.attempts += row.tries;
    steps.set(grade.id, step);
  }
  return [...steps.values()].sort((a, b) => b.grade.scale - a.grade.scale).map((step) => ({ ...step, grade: ref('Grade', step.grade.id) }));
}

/** `YYYY-MM` of `months` months after `month` (before, when negative). */
function monthsAfter(month: string, months: number): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (m - 1) + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The most points `progression` charts: ten years, the last ones. */
const MAX_PROGRESSION_MONTHS = 120;

export async function progression(ctx: Context, parent: UserStatsParent, args: { discipline: Discipline }) {
  const conversion = await conversionOf(ctx, parent, args.discipline);
  if (!conversion) return [];
  const months = new Map<string, { sends: number; hardest: Grade | null }>();
  for (const row of conversion.rows) {
    const point = months.get(row.month) ?? { sends: 0, hardest: null };
    point.sends += row.sends;
    const grade = row.sends > 0 ? conversion.gradeOf(row) : null;
    if (grade && (!point.hardest || grade.scale > point.hardest.scale)) point.hardest = grade;
    months.set(row.month, point);
  }
  const sorted = [...months.keys()].sort();
  const last = sorted.at(-1)!;
  const earliest = monthsAfter(last, 1 - MAX_PROGRESSION_MONTHS);
  const points = [];
  for (let month = sorted[0]! < earliest ? earliest : sorted[0]!; month <= last; month = monthsAfter(month, 1)) {
    const point = months.get(month);
    points.push({ month, sends: point?.sends ?? 0, hardestSend: ref('Grade', point?.hardest?.id ?? null) });
  }
  return points;
}
