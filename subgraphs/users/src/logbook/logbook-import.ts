import { parseInput, present, requireViewer } from '@clmb/common';
import { z } from 'zod';
import type { Context } from '../context';
import type { UsersDb } from '../db';
import { type ClimbToLog, frozenGrade, MAX_CLIMBS_PER_SESSION, routeToLog, sessionFullProblem } from './climbs';
import { type GymRef, inBatches, type RouteSummary } from '../gyms-client/gyms-client';
import { readLogbook } from './logbook-format';
import { groupSessions, type ImportRowError, type SessionGroup, type ValidProject, validProjects } from './logbook-rows';
import { type ProjectToImport, projectsToImport, routeToProject, syncProjectSends, writeImportedProjects } from '../projects/projects';
import { lockImports, spendImportQuota } from './logbook-quota';
import * as store from './logbook-store';
import { archivedGymProblem } from './sessions';
import { announceLeaderboards } from '../community/leaderboards';
import { placesTaken, standingsBefore } from '../notifications/leaderboard-places';

interface ImportResult {
  sessionsCreated: number;
  projectsCreated: number;
  climbsCreated: number;
  skipped: number;
  errors: ImportRowError[];
  errorCount: number;
}

/** The most bad rows an import lists (`ImportResult.errors`); `errorCount` counts them all. */
const MAX_LISTED_ERRORS = 500;

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

type PlannedProject = ProjectToImport & { row: number; field: string };

type PlannedClimb = ClimbToLog & { loggedAt: Date; row: number; field: string };

/** A session ready to write: its gym found, its climbs' routes found at that gym. */
interface Planned {
  group: SessionGroup;
  gymId: string;
  climbs: PlannedClimb[];
}

/** What a session of the file adds: the session unless the logbook has it (`sessionId`), and its new climbs. */
interface SessionWrite {
  plan: Planned;
  sessionId: string | null;
  climbs: PlannedClimb[];
  /** Records the logbook already had: climbs, and the file's climbless rows of a session it had. */
  skipped: number;
}

/**
 * Imports a logbook file into the viewer's logbook. Whole-file problems are BAD_USER_INPUT on
 * `input.content`; a bad row is reported and the others go on. Idempotent by natural keys (see
 * logbook-store.ts). Gyms is asked first; then one transaction, under the viewer's import lock
 * (refused at once while another import of theirs runs), finds what is new (two statements),
 * spends the import quota on it and writes it (two more), however large the file: all of it or,
 * refused, none.
 */
export async function importLogbook(ctx: Context, args: unknown): Promise<ImportResult> {
  const viewer = requireViewer(ctx.viewer);
  const input = parseInput(importInput, args);
  const errors: ImportRowError[] = [];
  const file = readLogbook(input.format, input.content);
  const groups = groupSessions(file.entries, errors);
  const validated = validProjects(file.projects, errors);
  // Gyms is asked for the gyms, the climbs' routes and the projects' routes at once.
  const [gyms, routes, projectRoutes] = await Promise.all([
    gymsBySlug(ctx, groups.map((g) => g.session.gymSlug)),
    routesById(ctx, groups.flatMap((g) => g.climbs.map((c) => c.values.routeId))),
    routesById(ctx, validated.map((p) => p.values.projectRouteId)),
  ]);
  const planned = withRoutes(routes, withGyms(gyms, groups, errors), errors);
  const plannedProjects = withProjectRoutes(projectRoutes, validated, errors);
  // Sends may move the climber past others on gyms' leaderboards: they are told after the commit.
  const standings = input.dryRun
    ? null
    : await standingsBefore(ctx, planned.flatMap((plan) => (plan.climbs.some((climb) => climb.sent) ? [{ gymId: plan.gymId, startTime: plan.group.session.startTime }] : [])));
  const { writes, projects } = await ctx.db.transaction(async (tx) => {
    await lockImports(tx, viewer.id);
    const found = await newInLogbook(tx, viewer.id, planned, { lock: !input.dryRun }, errors);
    // A new session is a row written like a climb, with or without climbs of its own; projects
    // (200 at most a climber) do not count.
    await spendImportQuota(tx, viewer.id, sum(found.map((w) => (w.sessionId ? 0 : 1) + w.climbs.length)), { record: !input.dryRun });
    const newProjects = await projectsToImport(tx, viewer.id, plannedProjects);
    for (const { candidate, problem } of newProjects.refused) errors.push({ row: candidate.row, field: candidate.field, message: problem });
    if (!input.dryRun) {
      await writeImport(tx, viewer.id, found);
      await writeImportedProjects(tx, viewer.id, newProjects.nextPosition, newProjects.fresh);
      // Sends make projects SENT, the file's and those the climber had, in this transaction.
      const sentRoutes = found.flatMap((w) => w.climbs.filter((c) => c.sent).map((c) => c.route.id));
      await syncProjectSends(tx, viewer.id, [...sentRoutes, ...newProjects.fresh.map((p) => p.routeId)], ctx.loaders);
    }
    return { writes: found, projects: newProjects };
  });
  placesTaken(ctx, standings);
  if (!input.dryRun) announceLeaderboards(ctx, writes.filter((w) => w.climbs.length > 0).map((w) => w.plan.gymId));
  errors.sort((a, b) => a.row - b.row);
  return {
    sessionsCreated: writes.filter((w) => !w.sessionId).length,
    projectsCreated: projects.fresh.length,
    climbsCreated: sum(writes.map((w) => w.climbs.length)),
    skipped: sum(writes.map((w) => w.skipped)) + projects.skipped,
    errors: errors.slice(0, MAX_LISTED_ERRORS),
    errorCount: errors.length,
  };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** The gyms with these slugs, 500 to a request. */
async function gymsBySlug(ctx: Context, slugs: readonly string[]): Promise<Map<string, GymRef>> {
  const found = await inBatches([...new Set(slugs)], (batch) => ctx.gyms.gyms(batch.map((slug) => ({ slug }))));
  return new Map(found.flatMap((gym) => (gym ? [[gym.slug, gym] as const] : [])));
}

/** The routes with these ids, 500 to a request. */
async function routesById(ctx: Context, ids: readonly string[]): Promise<Map<string, RouteSummary>> {
  const found = await inBatches([...new Set(ids)], (batch) => ctx.gyms.routes(batch));
  return new Map(found.flatMap((route) => (route ? [[route.id, route] as const] : [])));
}

/** Each session's gym; a session at an unknown gym, or one archived before it started, is an error on each of its rows. */
function withGyms(bySlug: ReadonlyMap<string, GymRef>, groups: SessionGroup[], errors: ImportRowError[]): { group: SessionGroup; gym: GymRef }[] {
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

/** The climbs' routes, each checked by logClimb's `routeToLog` against the session and the climb's time. */
function withRoutes(byId: ReadonlyMap<string, RouteSummary>, sessions: { group: SessionGroup; gym: GymRef }[], errors: ImportRowError[]): Planned[] {
  return sessions.map(({ group, gym }) => ({
    group,
    gymId: gym.id,
    climbs: group.climbs.flatMap(({ row, field, values }) => {
      const checked = routeToLog(byId.get(values.routeId), { gymId: gym.id, startTime: group.session.startTime }, values.loggedAt);
      if ('problem' in checked) {
        errors.push({ row, field: field('routeId'), message: checked.problem });
        return [];
      }
      const { attempts, sent, style, climbNotes, loggedAt, climbVisibility } = values;
      return [{ route: checked.route, attempts, sent, style, notes: climbNotes, loggedAt, visibility: climbVisibility, row, field: field('routeId') }];
    }),
  }));
}

/** The projects' routes, each checked by addProject's `routeToProject` against the project's time. */
function withProjectRoutes(byId: ReadonlyMap<string, RouteSummary>, projects: ValidProject[], errors: ImportRowError[]): PlannedProject[] {
  return projects.flatMap(({ row, field, values }) => {
    const problem = routeToProject(byId.get(values.projectRouteId), values.projectAddedAt ?? new Date());
    if (problem) {
      errors.push({ row, field: field('projectRouteId'), message: problem });
      return [];
    }
    return [{ routeId: values.projectRouteId, note: values.projectNote, addedAt: values.projectAddedAt, row, field: field('projectRouteId') }];
  });
}

/**
 * What the file adds to the logbook, found in two statements however many sessions: each session
 * unless the user has it (same gym and start time; then it is locked, with `lock`, and not
 * changed), and the climbs it lacks (same route and logged time), up to the session's 200. A climb
 * past them is an error of its row.
 */
async function newInLogbook(tx: UsersDb, userId: string, planned: readonly Planned[], options: { lock: boolean }, errors: ImportRowError[]): Promise<SessionWrite[]> {
  const had = await store.findSessionsAt(tx, userId, planned.map(keyOf), options);
  const climbsHad = new Map<string, string[]>();
  for (const climb of await store.findClimbKeys(tx, [...had.values()])) {
    const keys = climbsHad.get(climb.sessionId) ?? [];
    keys.push(climbKey(climb.routeId, climb.createdAt));
    climbsHad.set(climb.sessionId, keys);
  }
  return planned.map((plan) => {
    const sessionId = had.get(store.sessionKeyOf(keyOf(plan))) ?? null;
    const known = new Set(sessionId ? climbsHad.get(sessionId) : []);
    const room = Math.max(0, MAX_CLIMBS_PER_SESSION - known.size);
    const fresh = plan.climbs.filter((climb) => {
      const key = climbKey(climb.route.id, climb.loggedAt);
      // A climb twice in the file is one climb, as it would be on a second import.
      if (known.has(key)) return false;
      known.add(key);
      return true;
    });
    for (const climb of fresh.slice(room)) errors.push({ row: climb.row, field: climb.field, message: sessionFullProblem });
    const skipped = plan.climbs.length - fresh.length + (sessionId ? plan.group.emptyEntries : 0);
    return { plan, sessionId, climbs: fresh.slice(0, room), skipped };
  });
}

const keyOf = (plan: Planned): store.SessionKey => ({ gymId: plan.gymId, startTime: plan.group.session.startTime });
const climbKey = (routeId: string, loggedAt: Date) => `${routeId} ${loggedAt.getTime()}`;

/** Writes the new sessions in one statement, then every new climb, each with its route's grade frozen, in one more. */
async function writeImport(tx: UsersDb, userId: string, writes: readonly SessionWrite[]): Promise<void> {
  const created = await store.insertImportedSessions(
    tx,
    userId,
    writes
      .filter((write) => !write.sessionId)
      .map(({ plan }) => {
        const { sessionName: name, sessionNotes: notes, startTime, endTime, mood, energy, sessionVisibility: visibility } = plan.group.session;
        return { gymId: plan.gymId, name, startTime, endTime, notes, mood, energy, visibility };
      }),
  );
  await store.insertImportedClimbs(
    tx,
    writes.flatMap(({ plan, sessionId, climbs }) => {
      const id = sessionId ?? present(created.get(store.sessionKeyOf(keyOf(plan))), `the imported session at ${plan.gymId}, ${plan.group.session.startTime.toISOString()}`);
      return climbs.map(({ route, attempts, sent, style, notes, loggedAt, visibility }) => ({
        sessionId: id,
        routeId: route.id,
        attempts,
        sent,
        style,
        notes,
        createdAt: loggedAt,
        visibility: visibility ?? null,
        ...frozenGrade(route),
      }));
    }),
  );
}
