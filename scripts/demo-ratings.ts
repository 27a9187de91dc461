/**
 * Ratings of the demo gyms' routes from a few demo climbers, given through the router exactly as
 * the app would, so a freshly started clmb shows `Route.rating`, `communityGrade` and `ratings`
 * in Sandbox. The gyms service makes the routes' ids when it seeds, so the ratings can only be
 * given once both services run: `npm start` calls this right after the demo logbook.
 */
import { call, type Data } from './demo-logbook';

const LOG_IN = /* GraphQL */ `mutation LogIn($email: String!) { logIn(input: { email: $email, password: "clmb-demo" }) { accessToken } }`;
const GYMS = /* GraphQL */ `query Gyms { gyms(first: 3) { edges { node { routes { id grade { id system { grades { id } } } } } } } }`;
const RATE = /* GraphQL */ `mutation RateRoute($input: RateRouteInput!) { rateRoute(input: $input) { id } }`;

/** The demo climbers who rate (seeded by the users service, password `clmb-demo`). */
const RATERS = ['climber@clmb.dev', 'sasha@clmb.dev', 'noor@clmb.dev', 'joey@clmb.dev'];
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
  const tokens: string[] = [];
  for (const email of RATERS) tokens.push((await call(url, LOG_IN, { email })).logIn.accessToken as string);
  const routes = (await call(url, GYMS)).gyms.edges.flatMap((edge: Data) => edge.node.routes.slice(0, 3)) as DemoRoute[];
  let given = 0;
  for (const [r, token] of tokens.entries()) {
    for (const [i, route] of routes.entries()) {
      const [stars, step, comment] = OPINIONS[r]![i % 3]!;
      await call(url, RATE, { input: { routeId: route.id, stars, suggestedGradeId: suggestion(route, step), comment } }, token);
      given++;
    }
  }
  return given;
}
