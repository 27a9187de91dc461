import type { SessionSummaryResolvers } from '../__generated__/resolvers-types';
import * as sessionSummary from '../logbook/session-summary';

export const SessionSummary: SessionSummaryResolvers = {
  hardestSend: (summary, _args, ctx) => sessionSummary.hardestSend(ctx, summary),
};
