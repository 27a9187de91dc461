import type { RouteResolvers } from '../__generated__/resolvers-types';
import * as renewVotes from '../feedback/renew-votes';
import * as reports from '../feedback/reports';
import * as gradeSystems from '../grades/grade-systems';
import * as gyms from '../gyms/gyms';
import * as routeTags from '../routes/route-tags';
import * as routes from '../routes/routes';
import * as stripPlan from '../routes/strip-plan';
import * as setters from '../routes/setters';
import * as walls from '../routes/walls';

export const Route: RouteResolvers = {
  __resolveReference: (reference, ctx) => routes.routeByReference(ctx, reference),
  gym: (route, _args, ctx) => gyms.gymOf(ctx, route),
  grade: (route, _args, ctx) => gradeSystems.gradeOf(ctx, route),
  wall: (route, _args, ctx) => walls.wallOf(ctx, route),
  outSoon: (route, _args, ctx) => stripPlan.outSoon(ctx, route),
  tags: (route, _args, ctx) => routeTags.tagsOf(ctx, route),
  tagVotes: (route, _args, ctx) => routeTags.tagVotesOf(ctx, route),
  myTagVotes: (route, _args, ctx) => routeTags.myTagVotesOf(ctx, route),
  renewVoteCount: (route, _args, ctx) => renewVotes.renewVoteCount(ctx, route),
  myRenewVote: (route, _args, ctx) => renewVotes.myRenewVote(ctx, route),
  openReportCount: (route, _args, ctx) => reports.openReportCount(ctx, route),
  setters: (route, _args, ctx) => setters.settersOf(ctx, route),
  updatedAt: (route) => route.modifiedAt,
};
