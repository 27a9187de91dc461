import { many, NotFoundError, parseId, present, requireViewer } from '@clmb/common';
import { assertAccess } from '../access';
import type { Context } from '../context';
import { inBatches } from '../gyms-client/gyms-client';
import { type LogbookSession, writeCsv, writeJson } from './logbook-format';
import * as store from './logbook-store';

interface LogbookExport {
  filename: string;
  contentType: string;
  content: string;
}

const FORMATS = {
  CSV: { extension: 'csv', contentType: 'text/csv; charset=utf-8', write: writeCsv },
  JSON: { extension: 'json', contentType: 'application/json', write: writeJson },
} as const;

/**
 * A user's whole logbook as a file: the viewer's own, or with `userId` an ADMIN's view of anyone's
 * (anyone else asking for another user's is FORBIDDEN). Two statements, and one request to gyms
 * for every 500 gyms the sessions were at (for their slugs).
 */
export async function exportLogbook(ctx: Context, args: { format: keyof typeof FORMATS; userId?: string | null }): Promise<LogbookExport> {
  const viewer = requireViewer(ctx.viewer);
  const ownerId = args.userId == null ? viewer.id : parseId(args.userId, 'userId');
  assertAccess(viewer, ownerId, 'logbook');
  const { extension, contentType, write } = FORMATS[args.format];
  const owner = await ctx.loaders.userById.load(ownerId);
  if (!owner) throw new NotFoundError('User', ownerId);

  const { sessions, climbs } = await store.findLogbook(ctx.db, ownerId);
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
    climbs: climbsBySession[i]!.map((c) => ({
      routeId: c.routeId,
      attempts: c.attempts,
      sent: c.sent,
      style: c.style,
      notes: c.notes,
      loggedAt: c.createdAt,
    })),
  }));
  const day = new Date().toISOString().slice(0, 10);
  return { filename: `clmb-logbook-${owner.username}-${day}.${extension}`, contentType, content: write(logbook) };
}
