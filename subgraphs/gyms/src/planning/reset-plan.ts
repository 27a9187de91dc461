import { DAY_MS, parseId, requireViewer } from '@clmb/common';
import type { RouteRow, WallGradeTargetRow, WallRow } from '@clmb/drizzle/gyms';
import type { Context } from '../context';
import { HEAD_SETTERS, requireGymRole } from '../staff/access';
import type { RouteRating } from '../users-client/users-client';
import { gradeDistributionOf } from './grade-targets';

/** The most candidates a plan names: a reset takes down a handful of a wall's routes, rarely more. */
export const MAX_CANDIDATES = 20;

/**
 * The score's weights (documented on `ResetPlan.candidates`): a week on the wall weighs a point, a
 * renew vote 3, an open report 5 (a problem the staff must fix anyway), and each star of a rating
 * average below 3 weighs 4, once 3 climbers rated the route.
 */
const POINTS = { perWeek: 1, perVote: 3, perReport: 5, perStarBelow: 4 };
const LIKED = 3;
const MIN_RATINGS = 3;

type ResetReason = 'OLDEST' | 'LEAST_LIKED' | 'MOST_RENEW_VOTES' | 'MOST_OPEN_REPORTS';

interface CandidateReason {
  reason: ResetReason;
  value: number;
  points: number;
}

export interface ResetCandidate {
  route: RouteRow;
  score: number;
  reasons: CandidateReason[];
}

export interface ResetPlan {
  wall: WallRow;
  bandsToFill: { target: WallGradeTargetRow; current: number; missing: number }[];
  candidates: ResetCandidate[];
  ratingsIncluded: boolean;
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The routes' ratings from the users service, or null when it cannot answer: the plan goes on without them. */
async function ratingsOf(ctx: Context, routes: RouteRow[]): Promise<(RouteRating | null)[] | null> {
  try {
    return await ctx.users.routeRatings(routes.map((route) => route.id));
  } catch {
    return null;
  }
}

function reasonsOf(route: RouteRow, votes: number, reports: number, rating: RouteRating | null, now: number): CandidateReason[] {
  const days = Math.max(0, (now - route.setAt.getTime()) / DAY_MS);
  const reasons: CandidateReason[] = [{ reason: 'OLDEST', value: Math.floor(days), points: round((days / 7) * POINTS.perWeek) }];
  if (votes > 0) reasons.push({ reason: 'MOST_RENEW_VOTES', value: votes, points: votes * POINTS.perVote });
  if (reports > 0) reasons.push({ reason: 'MOST_OPEN_REPORTS', value: reports, points: reports * POINTS.perReport });
  if (rating?.average != null && rating.count >= MIN_RATINGS && rating.average < LIKED)
    reasons.push({ reason: 'LEAST_LIKED', value: round(rating.average), points: round((LIKED - rating.average) * POINTS.perStarBelow) });
  return reasons.sort((a, b) => b.points - a.points);
}

/**
 * `planReset`: the bands short of their targets, and the wall's routes ranked by score (the sum of
 * their reasons' points), oldest first among equals. A head setter of the wall's gym.
 */
export async function planReset(ctx: Context, wallId: unknown): Promise<ResetPlan | null> {
  requireViewer(ctx.viewer);
  const wall = await ctx.loaders.wallById.load(parseId(wallId, 'wallId'));
  if (!wall) return null;
  await requireGymRole(ctx, wall.gymId, HEAD_SETTERS);
  const routes = await ctx.loaders.routesByWallId.load({ wallId: wall.id, includeStripped: false });
  const [distribution, votes, reports, ratings] = await Promise.all([
    gradeDistributionOf(ctx, wall),
    Promise.all(routes.map((route) => ctx.loaders.renewVoteCountByRouteId.load(route.id))),
    Promise.all(routes.map((route) => ctx.loaders.openReportCountByRouteId.load(route.id))),
    ratingsOf(ctx, routes),
  ]);
  const now = Date.now();
  const candidates = routes
    .map((route, i) => {
      const reasons = reasonsOf(route, votes[i] ?? 0, reports[i] ?? 0, ratings?.[i] ?? null, now);
      return { route, reasons, score: round(reasons.reduce((sum, reason) => sum + reason.points, 0)) };
    })
    .sort((a, b) => b.score - a.score || a.route.setAt.getTime() - b.route.setAt.getTime() || a.route.id.localeCompare(b.route.id))
    .slice(0, MAX_CANDIDATES);
  const bandsToFill = distribution.flatMap(({ target, current }) =>
    target && current < target.count ? [{ target, current, missing: target.count - current }] : [],
  );
  return { wall, bandsToFill, candidates, ratingsIncluded: ratings !== null };
}
