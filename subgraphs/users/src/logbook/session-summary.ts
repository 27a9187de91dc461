import type { ClimbRow, SessionRow } from '@clmb/drizzle/users';
import type { Context } from '../context';
import { relationTo } from '../privacy/privacy';
import { visibleClimbs } from './climbs';
import type { SessionSummaryRow } from './session-summary-store';

/** `Session.summary`: over the climbs the viewer sees, with how many were left out. */
export type SessionSummaryParent = Omit<SessionSummaryRow, 'sessionId'> & { privateClimbCount: number };

const EMPTY: SessionSummaryParent = { climbCount: 0, sendCount: 0, flashCount: 0, hardestSendId: null, privateClimbCount: 0 };

/** The session-summary-store's figures, worked out over the climbs a viewer sees. */
function summarize(climbs: readonly ClimbRow[], privateClimbCount: number): SessionSummaryParent {
  const sends = climbs.filter((climb) => climb.sent);
  // The highest grade scale, the first logged of equals (the store's order).
  const hardest = sends.reduce<ClimbRow | null>((best, climb) => (!best || (climb.gradeScale ?? -Infinity) > (best.gradeScale ?? -Infinity) ? climb : best), null);
  return {
    climbCount: climbs.length,
    sendCount: sends.length,
    flashCount: climbs.filter((climb) => climb.style === 'FLASH').length,
    hardestSendId: hardest?.id ?? null,
    privateClimbCount,
  };
}

/**
 * The climber and an ADMIN get the session's aggregate row; anyone else, who may not see every
 * climb of it, the figures of the climbs they see (a page of sessions' climbs is one statement).
 */
export async function summary(ctx: Context, session: SessionRow): Promise<SessionSummaryParent> {
  const relation = await relationTo(ctx, session.userId);
  if (relation !== 'SELF' && relation !== 'ADMIN') {
    const { visible, hidden } = await visibleClimbs(ctx, session);
    return summarize(visible, hidden);
  }
  const row = await ctx.loaders.summaryBySessionId.load(session.id);
  return row ? { ...row, privateClimbCount: 0 } : EMPTY;
}

/** Through the climb loader: a page of sessions' hardest sends is one statement. */
export const hardestSend = (ctx: Context, summary: SessionSummaryParent): Promise<ClimbRow | null> | null =>
  summary.hardestSendId ? ctx.loaders.climbById.load(summary.hardestSendId) : null;
