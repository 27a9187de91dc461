/**
 * Ratings of the demo gyms' routes from a few demo climbers, given through the router exactly as
 * the app would, so a freshly started clmb shows `Route.rating`, `communityGrade` and `ratings`
 * in Sandbox. The gyms service makes the routes' ids when it seeds, so the ratings can only be
 * given once both services run: `npm start` calls this right after the demo logbook.
 */
import { DEMO_ACCOUNTS } from '@clmb/common';
import { builders, dataFrom, gqlAt } from '@clmb/testkit';

const GYMS = /* GraphQL */ `query Gyms { gyms(first: 3) { edges { node { routes { id grade { id system { grades { id } } } } } } } }`;
const RATE = /* GraphQL */ `mutation RateRoute($input: RateRouteInput!) { rateRoute(input: $input) { id } }`;

/** The demo climbers who rate. */
const RATERS = [DEMO_ACCOUNTS.climber, ...DEMO_ACCOUNTS.raters].map((account) => account.email);
/** Per rater, per route (the first three of each gym): stars, grade suggested relative to the set grade, comment. */
const OPINIONS: [stars: number, gradeStep: number | null, comment: string | null][][] = [
  [[5, 1, 'Sandbagged, and all the better for it.'], [4, 0, null], [3, null, 'Greasy holds by the top.']],
  [[4, 1, null], [5, 1, 'Best line in the gym right now.'], [2, -1, null]],
  [[4, 0, 'Tricky start, then a jug ladder.'], [3, null, null], [4, 0, null]],
  [[5, 2, null], [4, 1, 'Heel hook for the crux.'], [3, 0, null]],
];

interface DemoRoute {
  id: string;
  grade: { id: string; system: { grades: { id: string }[] } };
}

/** The grade `step` grades harder (or easier) than the route's, within its system. */
function suggestion(route: DemoRoute, step: number | null): string | null {
  if (step === null) return null;
  const grades = route.grade.system.grades.map((grade) => grade.id);
  const at = Math.min(Math.max(grades.indexOf(route.grade.id) + step, 0), grades.length - 1);
  return grades[at] ?? null;
}

/** Returns the number of ratings given. */
export async function seedDemoRatings(url: string): Promise<number> {
  const { logIn } = builders(gqlAt(url));
  const tokens: string[] = [];
  for (const email of RATERS) tokens.push((await logIn(email)).accessToken);
  const routes = (await dataFrom(url, GYMS)).gyms.edges.flatMap((edge: { node: { routes: DemoRoute[] } }) => edge.node.routes.slice(0, 3)) as DemoRoute[];
  let given = 0;
  for (const [r, token] of tokens.entries()) {
    for (const [i, route] of routes.entries()) {
      const [stars, step, comment] = OPINIONS[r]![i % 3]!;
      await dataFrom(url, RATE, { input: { routeId: route.id, stars, suggestedGradeId: suggestion(route, step), comment } }, token);
      given++;
    }
  }
  return given;
}
