import type { ClimbRow, SessionRow } from '@clmb/drizzle/users';
import type { Context } from '../context';
import type { SessionSummaryRow } from './session-summary-store';

/** `Session.summary`: the session's aggregate row, zeros for a session without climbs. */
export type SessionSummaryParent = Omit<SessionSummaryRow, 'sessionId'>;

export async function summary(ctx: Context, session: SessionRow): Promise<SessionSummaryParent> {
  return (await ctx.loaders.summaryBySessionId.load(session.id)) ?? { climbCount: 0, sendCount: 0, flashCount: 0, hardestSendId: null };
}

/** Through the climb loader: a page of sessions' hardest sends is one statement. */
export const hardestSend = (ctx: Context, summary: SessionSummaryParent): Promise<ClimbRow | null> | null =>
  summary.hardestSendId ? ctx.loaders.climbById.load(summary.hardestSendId) : null;
