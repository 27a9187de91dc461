import type { RouteReportResolvers } from '../__generated__/resolvers-types';
import * as reports from '../feedback/reports';

export const RouteReport: RouteReportResolvers = {
  route: (report, _args, ctx) => reports.routeOf(ctx, report),
  status: (report) => reports.statusOf(report),
  reporter: (report, _args, ctx) => reports.reporterOf(ctx, report),
};
