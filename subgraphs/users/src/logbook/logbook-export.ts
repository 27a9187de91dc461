import { encodeCursor, keysetKey, many, NotFoundError, parseId, parseKeysetAfter, present, requireViewer } from '@clmb/common';
import { assertAccess } from '../access';
import type { Context } from '../context';
import { inBatches } from '../gyms-client/gyms-client';
import { type LogbookProject, type LogbookSession, writeCsv, writeJson } from './logbook-format';
import * as store from './logbook-store';
import { findProjectsOfUsers } from '../projects/project-store';

interface LogbookExport {
  filename: string;
  contentType: string;
  content: string;
  next: string | null;
}

// A part of the logbook: whole sessions, oldest first, up to 10,000 climbs (within a day's import quota,
// about 1.5 MB of JSON) and 2,000 sessions, so one export holds at most that in memory.
const PART_CLIMBS = 10_000;
const PART_SESSIONS = 2_000;

const FORMATS = {
  CSV: { extension: 'csv', contentType: 'text/csv; charset=utf-8', write: writeCsv },
  JSON: { extension: 'json', contentType: 'application/json', write: writeJson },
} as const;

/**
 * A part of a user's logbook as a file, from its oldest session or after `after`: the viewer's
 * own, or with `userId` an ADMIN's view of anyone's (anyone else asking for another user's is
 * FORBIDDEN). Three statements, the owner, the part's sessions and their climbs (four for the first
 * part, which carries the projects), and one
 * request to gyms for every 500 gyms the sessions were at (for their slugs). `next` is where the
 * next part starts, null after the last.
 */
export async function exportLogbook(
  ctx: Context,
  args: { format: keyof typeof FORMATS; userId?: string | null; after?: string | null },
): Promise<LogbookExport> {
  const viewer = requireViewer(ctx.viewer);
  const ownerId = args.userId == null ? viewer.id : parseId(args.userId, 'userId');
  assertAccess(viewer, ownerId, 'logbook');
  const { extension, contentType, write } = FORMATS[args.format];
  const owner = await ctx.loaders.userById.load(ownerId);
  if (!owner) throw new NotFoundError('User', ownerId);

  const after = parseKeysetAfter(args.after);
  const { sessions, next } = partOf(await store.findSizedSessions(ctx.db, ownerId, after && { startTime: after.time, id: after.id }, { climbs: PART_CLIMBS, sessions: PART_SESSIONS }));
  const climbs = await store.findExportedClimbs(
    ctx.db,
    sessions.map((s) => s.id),
  );
  const gymIds = [...new Set(sessions.map((s) => s.gymId))];
  const gyms = await inBatches(gymIds, (batch) => ctx.gyms.gyms(batch.map((id) => ({ id }))));
  const slugs = new Map(gyms.flatMap((gym) => (gym ? [[gym.id, gym.slug] as const] : [])));
  const climbsBySession = many(sessions.map((s) => s.id), climbs, (climb) => climb.sessionId);
  const logbook: LogbookSession[] = sessions.map((s, i) => ({
    // Gyms are archived, never deleted: a gym missing here is a broken reference, not a user error.
    gymSlug: present(slugs.get(s.gymId), `gym ${s.gymId} of session ${s.id}`),
    name: s.name,
    startTime: s.startTime,
    endTime: s.endTime,
    notes: s.notes,
    mood: s.mood,
    energy: s.energy,
    visibility: s.visibility,
    climbs: climbsBySession[i]!.map((c) => ({
      routeId: c.routeId,
      attempts: c.attempts,
      sent: c.sent,
      style: c.style,
      notes: c.notes,
      loggedAt: c.createdAt,
      visibility: c.visibility,
    })),
  }));
  // The projects, at most 200, go with the first part, in the climber's order.
  const projects: LogbookProject[] = after ? [] : (await findProjectsOfUsers(ctx.db, [ownerId])).map((p) => ({ routeId: p.routeId, note: p.note, addedAt: p.createdAt }));
  const day = new Date().toISOString().slice(0, 10);
  return { filename: `clmb-logbook-${owner.username}-${day}.${extension}`, contentType, content: write(logbook, projects), next };
}

/** The sessions of a part: as many as fit (at least one, however many climbs it has), and the cursor after them if more follow. */
function partOf(sizes: store.SizedSession[]): { sessions: store.SizedSession[]; next: string | null } {
  let climbs = 0;
  let taken = 0;
  for (const size of sizes.slice(0, PART_SESSIONS)) {
    if (taken > 0 && climbs + size.climbs > PART_CLIMBS) break;
    climbs += size.climbs;
    taken++;
  }
  const last = sizes[taken - 1];
  const next = last && taken < sizes.length ? encodeCursor(keysetKey(last.startTime, last.id)) : null;
  return { sessions: sizes.slice(0, taken), next };
}
