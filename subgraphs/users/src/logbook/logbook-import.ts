import { parseInput, requireViewer } from '@clmb/common';
import { z } from 'zod';
import type { Context } from '../context';
import { frozenGrade } from './climbs';
import { type GymRef, inBatches, type RouteSummary } from '../gyms/gyms-client';
import { readLogbook } from './logbook-format';
import { groupSessions, type ImportRowError, type SessionGroup, type ValidClimb } from './logbook-rows';
import * as store from './logbook-store';

export interface ImportResult {
  sessionsCreated: number;
  climbsCreated: number;
  skipped: number;
  errors: ImportRowError[];
}

// Far above what the router's default 100 kB body carries; a limit for a raised BODY_LIMIT, so
// that one call stays well inside the router's subgraph timeout.
const MAX_CONTENT = 2_000_000;

const importInput = z.object({
  format: z.enum(['CSV', 'JSON']),
  content: z.string().max(MAX_CONTENT, `must be at most ${MAX_CONTENT} characters: split the file (see importLogbook)`),
  dryRun: z
    .boolean()
    .nullish()
    .transform((v) => v ?? false),
});

/** A session ready to write: its gym found, its climbs' routes found at that gym. */
interface Planned {
  group: SessionGroup;
  gymId: string;
  climbs: { climb: ValidClimb; route: RouteSummary }[];
}

/**
 * Imports a logbook file into the viewer's logbook. Whole-file problems are BAD_USER_INPUT on
 * `input.content`; a bad row is reported and the others go on. Idempotent by natural keys (see
 * logbook-store.ts); each session is written in its own transaction.
 */
export async function importLogbook(ctx: Context, args: unknown): Promise<ImportResult> {
  const viewer = requireViewer(ctx.viewer);
  const input = parseInput(importInput, args);
  const errors: ImportRowError[] = [];
  const groups = groupSessions(readLogbook(input.format, input.content), errors);
  const planned = await withRoutes(ctx, await withGyms(ctx, groups, errors), errors);
  const result: ImportResult = { sessionsCreated: 0, climbsCreated: 0, skipped: 0, errors };
  for (const plan of planned) {
    const outcome = input.dryRun ? await writeSession(ctx.db, viewer.id, plan, false) : await ctx.db.transaction((tx) => writeSession(tx, viewer.id, plan, true));
    result.sessionsCreated += outcome.sessionCreated ? 1 : 0;
    result.climbsCreated += outcome.climbsCreated;
    result.skipped += plan.climbs.length - outcome.climbsCreated + (outcome.sessionCreated ? 0 : plan.group.emptyEntries);
  }
  errors.sort((a, b) => a.row - b.row);
  return result;
}

/** Each session's gym by slug, all in one request to gyms; a session at an unknown gym, or one archived before it started, is an error on each of its rows. */
async function withGyms(ctx: Context, groups: SessionGroup[], errors: ImportRowError[]): Promise<{ group: SessionGroup; gym: GymRef }[]> {
  const slugs = [...new Set(groups.map((g) => g.session.gymSlug))];
  const found = await inBatches(slugs, (batch) => ctx.gyms.gyms(batch.map((slug) => ({ slug }))));
  const bySlug = new Map(found.flatMap((gym) => (gym ? [[gym.slug, gym] as const] : [])));
  return groups.flatMap((group) => {
    const gym = bySlug.get(group.session.gymSlug);
    const problem = !gym
      ? 'no gym has this slug'
      : gym.archivedAt && new Date(gym.archivedAt) <= group.session.startTime
        ? 'the gym was archived before this session started'
        : null;
    if (!gym || problem) {
      for (const entry of group.entries) errors.push({ row: entry.row, field: entry.field('gymSlug'), message: problem ?? '' });
      return [];
    }
    return [{ group, gym }];
  });
}

/** The climbs' routes, 500 to a request: each must be at the session's gym and not stripped before the climb was logged. */
async function withRoutes(ctx: Context, sessions: { group: SessionGroup; gym: GymRef }[], errors: ImportRowError[]): Promise<Planned[]> {
  const ids = [...new Set(sessions.flatMap(({ group }) => group.climbs.map((c) => c.values.routeId)))];
  const found = await inBatches(ids, (batch) => ctx.gyms.routes(batch));
  const byId = new Map(found.flatMap((route) => (route ? [[route.id, route] as const] : [])));
  return sessions.map(({ group, gym }) => ({
    group,
    gymId: gym.id,
    climbs: group.climbs.flatMap((climb) => {
      const route = byId.get(climb.values.routeId);
      const problem =
        !route || route.gym.id !== gym.id
          ? "no route with this id at the session's gym"
          : route.strippedAt && new Date(route.strippedAt) <= climb.values.loggedAt
            ? 'the route was stripped before this climb was logged'
            : null;
      if (!route || problem) {
        errors.push({ row: climb.row, field: climb.field('routeId'), message: problem ?? '' });
        return [];
      }
      return [{ climb, route }];
    }),
  }));
}

/**
 * Creates the session unless the user has it (same gym and start time) and the climbs it lacks
 * (same route and logged time); an existing session is not changed. With `write` false it only
 * counts. Writing takes the user's import lock first, so the check and the insert are one step.
 */
async function writeSession(db: Context['db'], userId: string, plan: Planned, write: boolean): Promise<{ sessionCreated: boolean; climbsCreated: number }> {
  const { session } = plan.group;
  if (write) await store.lockImports(db, userId);
  const existing = await store.findSessionAt(db, userId, plan.gymId, session.startTime);
  const known = new Set(existing ? (await store.findClimbKeys(db, existing)).map((c) => `${c.routeId} ${c.createdAt.getTime()}`) : []);
  const fresh = plan.climbs.filter(({ climb }) => {
    const key = `${climb.values.routeId} ${climb.values.loggedAt.getTime()}`;
    // A climb twice in the file is one climb, as it would be on a second import.
    if (known.has(key)) return false;
    known.add(key);
    return true;
  });
  if (!write) return { sessionCreated: !existing, climbsCreated: fresh.length };
  const sessionId =
    existing ??
    (await store.insertSession(db, {
      userId,
      gymId: plan.gymId,
      name: session.sessionName,
      startTime: session.startTime,
      endTime: session.endTime,
      notes: session.sessionNotes,
      mood: session.mood,
      energy: session.energy,
    }));
  await store.insertClimbs(
    db,
    fresh.map(({ climb: { values }, route }) => ({
      sessionId,
      routeId: route.id,
      attempts: values.attempts,
      sent: values.sent,
      style: values.style,
      notes: values.climbNotes,
      createdAt: values.loggedAt,
      ...frozenGrade(route),
    })),
  );
  return { sessionCreated: !existing, climbsCreated: fresh.length };
}
