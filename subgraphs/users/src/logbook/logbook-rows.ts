import { fields, pastDateTime } from '@clmb/common';
import { z } from 'zod';
import { styleProblem } from './ascent-style';
import { projectFields } from '../projects/projects';
import { climbFields } from './climbs';
import type { ClimbColumn, FileEntry, FileProject, ProjectColumn, SessionColumn } from './logbook-format';
import { sessionFields } from './sessions';

/** A row the import could not take, named as the file names it. */
export interface ImportRowError {
  row: number;
  field: string;
  message: string;
}

// The rules of startSession/updateSession and logClimb, applied to each row.
const sessionRow = z
  .object({
    gymSlug: fields.text(64).transform((slug) => slug.toLowerCase()),
    sessionName: sessionFields.name,
    startTime: pastDateTime,
    endTime: pastDateTime.nullish().transform((v) => v ?? null),
    sessionNotes: sessionFields.notes,
    mood: sessionFields.mood.nullish().transform((v) => v ?? null),
    energy: sessionFields.energy.nullish().transform((v) => v ?? null),
    sessionVisibility: sessionFields.visibility.nullish().transform((v) => v ?? null),
  })
  .refine((s) => !s.endTime || s.endTime >= s.startTime, { path: ['endTime'], message: 'must not be before the start time' });
const climbRow = z.object({
  routeId: fields.id,
  attempts: climbFields.attempts,
  sent: z.boolean({ message: 'must be true or false' }),
  style: climbFields.style.nullish().transform((v) => v ?? null),
  climbNotes: climbFields.notes,
  loggedAt: pastDateTime,
  climbVisibility: sessionFields.visibility.nullish().transform((v) => v ?? null),
});
// addProject's rules; `projectAddedAt` left out is now.
const projectRow = z.object({
  projectRouteId: fields.id,
  projectNote: projectFields.note,
  projectAddedAt: pastDateTime.nullish().transform((v) => v ?? undefined),
});
type SessionValues = z.infer<typeof sessionRow>;
type ClimbValues = z.infer<typeof climbRow>;

interface ValidClimb {
  row: number;
  field(column: ClimbColumn): string;
  values: ClimbValues;
}

/** One session of the file, gathered from every entry (row) with its gym and start time. */
export interface SessionGroup {
  key: string;
  session: SessionValues;
  /** Every entry of the session, with how its gym slug is named (to report an unknown gym on each). */
  entries: { row: number; field(column: SessionColumn): string }[];
  climbs: ValidClimb[];
  /** Entries that carry no climb: a session logged without climbs. */
  emptyEntries: number;
}

const firstIssue = (error: z.ZodError) => {
  const issue = error.issues[0];
  return { column: String(issue?.path[0] ?? ''), message: issue?.message ?? 'is not valid' };
};

const sameSession = (a: SessionValues, b: SessionValues) =>
  a.sessionName === b.sessionName &&
  a.endTime?.getTime() === b.endTime?.getTime() &&
  a.sessionNotes === b.sessionNotes &&
  a.mood === b.mood &&
  a.energy === b.energy &&
  a.sessionVisibility === b.sessionVisibility;

/**
 * Validates every entry and gathers them into sessions (gym + start time): a bad entry, or a bad
 * climb within one, is reported in `errors` and left out; the rest go on.
 */
export function groupSessions(entries: readonly FileEntry[], errors: ImportRowError[]): SessionGroup[] {
  const groups = new Map<string, SessionGroup & { firstRow: number }>();
  for (const entry of entries) {
    if (entry.unknownFields.length) {
      for (const field of entry.unknownFields) errors.push({ row: entry.row, field, message: 'is not a field of a logbook file' });
      continue;
    }
    const parsed = sessionRow.safeParse(entry.session);
    if (!parsed.success) {
      const { column, message } = firstIssue(parsed.error);
      errors.push({ row: entry.row, field: entry.field(column as SessionColumn), message });
      continue;
    }
    const session = parsed.data;
    const key = `${session.gymSlug} ${session.startTime.getTime()}`;
    const group = groups.get(key);
    if (group && !sameSession(group.session, session)) {
      errors.push({ row: entry.row, field: entry.field('startTime'), message: `the same session (gym and start time) as row ${group.firstRow}, with other session fields` });
      continue;
    }
    const climbs = validClimbs(entry, errors);
    if (group) {
      group.entries.push(entry);
      group.climbs.push(...climbs);
      if (entry.climbs.length === 0) group.emptyEntries++;
    } else {
      groups.set(key, { key, session, entries: [entry], climbs, emptyEntries: entry.climbs.length === 0 ? 1 : 0, firstRow: entry.row });
    }
  }
  return [...groups.values()];
}

/** A project row of the file, valid on its own (its route not yet checked). */
export interface ValidProject {
  row: number;
  field(column: ProjectColumn): string;
  values: z.infer<typeof projectRow>;
}

/** Validates every project row: a bad one is reported in `errors` and left out. */
export function validProjects(projects: readonly FileProject[], errors: ImportRowError[]): ValidProject[] {
  const valid: ValidProject[] = [];
  for (const project of projects) {
    if (project.unknownFields.length) {
      for (const field of project.unknownFields) errors.push({ row: project.row, field, message: 'is not a field of a project' });
      continue;
    }
    const parsed = projectRow.safeParse(project.values);
    if (!parsed.success) {
      const { column, message } = firstIssue(parsed.error);
      errors.push({ row: project.row, field: project.field(column as ProjectColumn), message });
      continue;
    }
    valid.push({ row: project.row, field: project.field, values: parsed.data });
  }
  return valid;
}

function validClimbs(entry: FileEntry, errors: ImportRowError[]): ValidClimb[] {
  const valid: ValidClimb[] = [];
  for (const climb of entry.climbs) {
    const parsed = climbRow.safeParse(climb.values);
    if (!parsed.success) {
      const { column, message } = firstIssue(parsed.error);
      errors.push({ row: entry.row, field: climb.field(column as ClimbColumn), message });
      continue;
    }
    const problem = styleProblem({ style: parsed.data.style, sent: parsed.data.sent, attempts: parsed.data.attempts });
    if (problem) {
      errors.push({ row: entry.row, field: climb.field('style'), message: problem });
      continue;
    }
    valid.push({ row: entry.row, field: climb.field, values: parsed.data });
  }
  return valid;
}
