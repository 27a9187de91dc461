import { invalidField } from '@clmb/common';
import { CsvError, parse } from 'csv-parse/sync';
import { DateTimeResolver } from 'graphql-scalars';

/**
 * The logbook's file formats (docs/api.md, "Export and import"). CSV: one row per climb, a session
 * without climbs as one row with empty climb cells, the session's cells repeated on each of its
 * rows; then one row per project, with only the project cells. JSON: `{ version: 2, sessions:
 * [{ …, climbs: [...] }], projects: [...] }`; version 1 (no projects) still reads. Gyms by slug,
 * routes by id.
 */
const SESSION_COLUMNS = ['gymSlug', 'sessionName', 'startTime', 'endTime', 'sessionNotes', 'mood', 'energy', 'sessionVisibility'] as const;
const CLIMB_COLUMNS = ['routeId', 'attempts', 'sent', 'style', 'climbNotes', 'loggedAt', 'climbVisibility'] as const;
// Optional on import: a CSV without them (written before projects) reads as before.
const PROJECT_COLUMNS = ['projectRouteId', 'projectNote', 'projectAddedAt'] as const;
// The narrowings (privacy) come last, so that the columns of files written before them keep their places.
const CSV_COLUMNS = [...SESSION_COLUMNS.slice(0, -1), ...CLIMB_COLUMNS.slice(0, -1), ...PROJECT_COLUMNS, 'sessionVisibility', 'climbVisibility'] as const;
export type SessionColumn = (typeof SESSION_COLUMNS)[number];
export type ClimbColumn = (typeof CLIMB_COLUMNS)[number];
export type ProjectColumn = (typeof PROJECT_COLUMNS)[number];

// JSON spells a session's and a climb's fields as the API does (`name`, `notes`).
const JSON_SESSION_KEYS: Record<SessionColumn, string> = {
  gymSlug: 'gymSlug',
  sessionName: 'name',
  startTime: 'startTime',
  endTime: 'endTime',
  sessionNotes: 'notes',
  mood: 'mood',
  energy: 'energy',
  sessionVisibility: 'visibility',
};
const JSON_CLIMB_KEYS: Record<ClimbColumn, string> = {
  routeId: 'routeId',
  attempts: 'attempts',
  sent: 'sent',
  style: 'style',
  climbNotes: 'notes',
  loggedAt: 'loggedAt',
  climbVisibility: 'visibility',
};
const JSON_PROJECT_KEYS: Record<ProjectColumn, string> = {
  projectRouteId: 'routeId',
  projectNote: 'note',
  projectAddedAt: 'addedAt',
};
/** What export writes; import reads every version up to it (1 has no projects). */
const JSON_VERSION = 2;
const JSON_VERSIONS = [1, 2];

interface LogbookClimb {
  routeId: string;
  attempts: number;
  sent: boolean;
  style: string | null;
  notes: string | null;
  loggedAt: Date;
  /** What the climb narrowed its session's visibility to; null: not narrowed. */
  visibility: string | null;
}

export interface LogbookSession {
  gymSlug: string;
  name: string | null;
  startTime: Date;
  endTime: Date | null;
  notes: string | null;
  mood: string | null;
  energy: string | null;
  /** What the session narrowed the account's visibility to; null: not narrowed. */
  visibility: string | null;
  climbs: LogbookClimb[];
}

/** A project of the climber's, in their order. */
export interface LogbookProject {
  routeId: string;
  note: string | null;
  addedAt: Date;
}

/** A project as read from a file, not yet validated; `row` and `field` name it as the file does. */
export interface FileProject {
  /** CSV: the row as a spreadsheet numbers it. JSON: the project's position in `projects`, from 1. */
  row: number;
  values: Record<ProjectColumn, unknown>;
  field(column: ProjectColumn): string;
  /** Cells or keys a project does not have, reported as errors of this project. */
  unknownFields: string[];
}

/** A logbook file read, not yet validated. */
export interface FileLogbook {
  entries: FileEntry[];
  projects: FileProject[];
}

/** A climb as read from a file, not yet validated; `field` names a value as the file does. */
interface FileClimb {
  values: Record<ClimbColumn, unknown>;
  field(column: ClimbColumn): string;
}

/** A CSV row (at most one climb) or a JSON session (its climbs), read but not yet validated. */
export interface FileEntry {
  /** CSV: the row as a spreadsheet numbers it (the header is row 1). JSON: the session's position in `sessions`, from 1. */
  row: number;
  session: Record<SessionColumn, unknown>;
  climbs: FileClimb[];
  field(column: SessionColumn): string;
  /** Keys the format does not know, reported as errors of this entry. */
  unknownFields: string[];
}

// A cell starting with = + - @ (or tab, CR) is a formula to a spreadsheet: it gets a leading
// apostrophe, which spreadsheets show as text; a cell that already starts with apostrophes before
// one of those gets one more, so reading drops exactly one and every text round-trips.
const FORMULA = /^'*[=+\-@\t\r]/;
const defuse = (cell: string) => (FORMULA.test(cell) ? `'${cell}` : cell);
const restore = (cell: string) => (FORMULA.test(cell) && cell.startsWith("'") ? cell.slice(1) : cell);

const iso = (date: Date | null) => (date ? date.toISOString() : null);

// RFC 4180 as csv-stringify wrote these files (a cell with a comma, a quote or a line break is
// quoted, its quotes doubled; CRLF ends every record), written here because csv-stringify's sync
// API cost about 100 µs a row, most of an export's time. Reading stays with csv-parse.
const NEEDS_QUOTES = /[",\r\n]/;

function cell(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const text = defuse(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const cells = (values: (string | number | boolean | null)[]) => values.map(cell).join(',');
// Empty cells, each after its comma: a climb's six, a project's three; a project's record starts with
// the session's seven and the climb's six.
const NO_CLIMB = ','.repeat(6);
const NO_PROJECT = ','.repeat(3);
const NO_SESSION_OR_CLIMB = ','.repeat(12);

/** In CSV_COLUMNS' order: a session's cells (each session's written once), a climb's, a project's, then the session's and the climb's visibility. */
export function writeCsv(sessions: readonly LogbookSession[], projects: readonly LogbookProject[] = []): string {
  const records: string[] = [CSV_COLUMNS.join(',')];
  for (const s of sessions) {
    const session = cells([s.gymSlug, s.name, iso(s.startTime), iso(s.endTime), s.notes, s.mood, s.energy]);
    const visibility = cell(s.visibility);
    if (s.climbs.length === 0) records.push(`${session}${NO_CLIMB}${NO_PROJECT},${visibility},`);
    for (const c of s.climbs) {
      records.push(`${session},${cells([c.routeId, c.attempts, c.sent, c.style, c.notes, iso(c.loggedAt)])}${NO_PROJECT},${visibility},${cell(c.visibility)}`);
    }
  }
  for (const p of projects) records.push(`${NO_SESSION_OR_CLIMB},${cells([p.routeId, p.note, iso(p.addedAt)])},,`);
  return `${records.join('\r\n')}\r\n`;
}

export function writeJson(sessions: readonly LogbookSession[], projects: readonly LogbookProject[] = []): string {
  return JSON.stringify({ version: JSON_VERSION, sessions, projects });
}

export function readLogbook(format: 'CSV' | 'JSON', content: string): FileLogbook {
  return format === 'CSV' ? readCsv(content) : readJson(content);
}

/** An ISO date-time as the API's DateTime scalar reads it; anything else stays as it is, for validation to name. */
function toDate(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return DateTimeResolver.parseValue(value);
  } catch {
    return value;
  }
}

const DATE_COLUMNS = new Set<string>(['startTime', 'endTime', 'loggedAt', 'projectAddedAt']);

/** A CSV cell as the value the same field has in the API: empty is null, numbers and booleans typed. */
function cellValue(column: string, cell: string): unknown {
  const text = restore(cell);
  if (text.trim() === '') return null;
  if (DATE_COLUMNS.has(column)) return toDate(text.trim());
  if (column === 'attempts' && /^\s*\d{1,9}\s*$/.test(text)) return Number(text);
  if (column === 'sent' && /^\s*(true|false)\s*$/i.test(text)) return text.trim().toLowerCase() === 'true';
  return text;
}

function readCsv(content: string): FileLogbook {
  let records: string[][];
  try {
    records = parse(content, { bom: true, skip_empty_lines: true });
  } catch (error) {
    if (error instanceof CsvError) throw invalidField('input.content', `not valid CSV: ${error.message}`);
    throw error;
  }
  const [header, ...rows] = records;
  if (!header) throw invalidField('input.content', `the CSV has no header row; expected the columns ${CSV_COLUMNS.join(', ')}`);
  const names = header.map((name) => name.trim());
  const unknown = names.filter((name) => !(CSV_COLUMNS as readonly string[]).includes(name));
  if (unknown.length) throw invalidField('input.content', `unknown columns ${unknown.join(', ')}; the columns are ${CSV_COLUMNS.join(', ')}`);
  const missing = ['gymSlug', 'startTime'].filter((name) => !names.includes(name));
  if (missing.length) throw invalidField('input.content', `missing columns ${missing.join(', ')}`);
  const column = (cells: string[], name: string) => {
    const index = names.indexOf(name);
    return index < 0 ? null : cellValue(name, cells[index] ?? '');
  };
  const entries: FileEntry[] = [];
  const projects: FileProject[] = [];
  const field = (name: string) => name;
  rows.forEach((cells, index) => {
    const session = Object.fromEntries(SESSION_COLUMNS.map((name) => [name, column(cells, name)])) as Record<SessionColumn, unknown>;
    const values = Object.fromEntries(CLIMB_COLUMNS.map((name) => [name, column(cells, name)])) as Record<ClimbColumn, unknown>;
    const project = Object.fromEntries(PROJECT_COLUMNS.map((name) => [name, column(cells, name)])) as Record<ProjectColumn, unknown>;
    if (Object.values(project).some((value) => value !== null)) {
      // A project row carries nothing else: a filled session or climb cell is an error of the row.
      const unknownFields = [...SESSION_COLUMNS, ...CLIMB_COLUMNS].filter((name) => column(cells, name) !== null);
      projects.push({ row: index + 2, values: project, field, unknownFields });
      return;
    }
    const hasClimb = Object.values(values).some((value) => value !== null);
    entries.push({ row: index + 2, session, climbs: hasClimb ? [{ values, field }] : [], field, unknownFields: [] });
  });
  return { entries, projects };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function readJson(content: string): FileLogbook {
  let document: unknown;
  try {
    document = JSON.parse(content);
  } catch (error) {
    throw invalidField('input.content', `not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(document) || !Array.isArray(document['sessions'])) throw invalidField('input.content', 'expected a JSON object with a `sessions` array');
  if (!JSON_VERSIONS.includes(document['version'] as number)) throw invalidField('input.content', `expected \`version\`: ${JSON_VERSIONS.join(' or ')}`);
  if (document['projects'] !== undefined && (document['version'] === 1 || !Array.isArray(document['projects']))) {
    throw invalidField('input.content', '`projects` is an array, from `version` 2 on');
  }
  const sessionKeys = new Set([...Object.values(JSON_SESSION_KEYS), 'climbs']);
  const climbKeys = new Set(Object.values(JSON_CLIMB_KEYS));
  const projectKeys = new Set(Object.values(JSON_PROJECT_KEYS));
  const projects = ((document['projects'] ?? []) as unknown[]).map((item, index): FileProject => {
    const raw = isObject(item) ? item : {};
    const unknownFields = isObject(item) ? Object.keys(raw).filter((key) => !projectKeys.has(key)).map((key) => `projects.${index}.${key}`) : [`projects.${index} (not an object)`];
    return {
      row: index + 1,
      values: Object.fromEntries(PROJECT_COLUMNS.map((name) => [name, jsonValue(name, raw[JSON_PROJECT_KEYS[name]])])) as Record<ProjectColumn, unknown>,
      field: (name) => `projects.${index}.${JSON_PROJECT_KEYS[name]}`,
      unknownFields,
    };
  });
  const entries = document['sessions'].map((item: unknown, index): FileEntry => {
    const raw = isObject(item) ? item : {};
    const climbs: unknown[] = Array.isArray(raw['climbs']) ? raw['climbs'] : [];
    const unknownFields = isObject(item) ? Object.keys(raw).filter((key) => !sessionKeys.has(key)) : ['(not an object)'];
    if (raw['climbs'] !== undefined && !Array.isArray(raw['climbs'])) unknownFields.push('climbs (not an array)');
    const fileClimbs = climbs.map((climb, i): FileClimb => {
      const values = isObject(climb) ? climb : {};
      for (const key of Object.keys(values)) if (!climbKeys.has(key)) unknownFields.push(`climbs.${i}.${key}`);
      return {
        values: Object.fromEntries(CLIMB_COLUMNS.map((name) => [name, jsonValue(name, values[JSON_CLIMB_KEYS[name]])])) as Record<ClimbColumn, unknown>,
        field: (name) => `climbs.${i}.${JSON_CLIMB_KEYS[name]}`,
      };
    });
    return {
      row: index + 1,
      session: Object.fromEntries(SESSION_COLUMNS.map((name) => [name, jsonValue(name, raw[JSON_SESSION_KEYS[name]])])) as Record<SessionColumn, unknown>,
      climbs: fileClimbs,
      field: (name) => JSON_SESSION_KEYS[name],
      unknownFields,
    };
  });
  return { entries, projects };
}

const jsonValue = (name: string, value: unknown) => (value === undefined ? null : DATE_COLUMNS.has(name) ? toDate(value) : value);
