import { parseInput, requireViewer } from '@clmb/common';
import { z } from 'zod';
import type { Context } from '../context';
import type { UsersDb } from '../db';
import { type ClimbToLog, routeToLog, writeClimbs } from './climbs';
import { type GymRef, inBatches } from '../gyms-client/gyms-client';
import { readLogbook } from './logbook-format';
import { groupSessions, type ImportRowError, type SessionGroup } from './logbook-rows';
import * as store from './logbook-store';
import { insertSession } from './session-store';
import { archivedGymProblem } from './sessions';

interface ImportResult {
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
  climbs: (ClimbToLog & { loggedAt: Date })[];
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
    const problem = gym ? archivedGymProblem(gym, group.session.startTime) : 'no gym has this slug';
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
    climbs: group.climbs.flatMap(({ row, field, values }) => {
      const checked = routeToLog(byId.get(values.routeId), gym.id, values.loggedAt);
      if ('problem' in checked) {
        errors.push({ row, field: field('routeId'), message: checked.problem });
        return [];
      }
      const { attempts, sent, style, climbNotes, loggedAt } = values;
      return [{ route: checked.route, attempts, sent, style, notes: climbNotes, loggedAt }];
    }),
  }));
}

/**
 * Creates the session unless the user has it (same gym and start time) and the climbs it lacks
 * (same route and logged time); an existing session is not changed. With `write` false it only
 * counts. Writing takes the user's import lock first, so the check and the insert are one step.
 */
async function writeSession(db: UsersDb, userId: string, plan: Planned, write: boolean): Promise<{ sessionCreated: boolean; climbsCreated: number }> {
  const { session } = plan.group;
  if (write) await store.lockImports(db, userId);
  const existing = await store.findSessionAt(db, userId, plan.gymId, session.startTime);
  const known = new Set(existing ? (await store.findClimbKeys(db, existing)).map((c) => `${c.routeId} ${c.createdAt.getTime()}`) : []);
  const fresh = plan.climbs.filter((climb) => {
    const key = `${climb.route.id} ${climb.loggedAt.getTime()}`;
    // A climb twice in the file is one climb, as it would be on a second import.
    if (known.has(key)) return false;
    known.add(key);
    return true;
  });
  if (!write) return { sessionCreated: !existing, climbsCreated: fresh.length };
  const { sessionName: name, sessionNotes: notes, startTime, endTime, mood, energy } = session;
  const sessionId = existing ?? (await insertSession(db, { userId, gymId: plan.gymId, name, startTime, endTime, notes, mood, energy })).id;
  await writeClimbs(db, sessionId, fresh);
  return { sessionCreated: !existing, climbsCreated: fresh.length };
}
