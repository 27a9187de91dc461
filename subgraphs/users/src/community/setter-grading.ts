import { fields, idReference } from '@clmb/common';
import type { UserRow } from '@clmb/drizzle/users';
import { z } from 'zod';
import type { Context } from '../context';
import { COMMUNITY_GRADE_MIN_SUGGESTIONS } from './route-fields';

/** The most setters `Gym.setterGrading` lists. */
export const MAX_SETTER_GRADINGS = 50;

/**
 * What the gyms service answers for `Gym.setterRoutes`, which `Gym.setterGrading` requires: the
 * gym's routes with their grade's place on the difficulty scale and their setters. Null when gyms
 * refused the viewer (its error says why).
 */
const setterRoutes = z
  .array(z.object({ id: fields.id, grade: z.object({ scale: z.number().int() }), setters: z.array(z.object({ id: fields.id }).nullable()) }))
  .nullish();

type SetterRoutes = z.infer<typeof setterRoutes>;

/** A gym as `Gym.setterGrading` gets it: its id, and the routes gyms gave for it. */
export interface GymWithSetterRoutes {
  id: string;
  setterRoutes?: SetterRoutes;
}

/** How one setter's grades land with climbers at a gym (see `SetterGrading` in the SDL). */
export interface SetterGradingParent {
  setter: UserRow;
  setRouteCount: number;
  routeCount: number;
  medianScaleDelta: number | null;
  softShare: number | null;
  hardShare: number | null;
}

/** A gym reference that keeps what the router brought along for a field that requires it. */
export function gymReference(reference: { id?: unknown; setterRoutes?: unknown }): GymWithSetterRoutes | null {
  const gym = idReference(reference);
  if (!gym) return null;
  const routes = setterRoutes.safeParse(reference.setterRoutes);
  return { ...gym, setterRoutes: routes.success ? routes.data : null };
}

/** The median of numbers (the mean of the two middle ones for an even count); null for none. */
function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Per setter: for each of their routes that has a community grade (its lower median suggestion,
 * once COMMUNITY_GRADE_MIN_SUGGESTIONS climbers suggested one), the community grade's place on
 * the scale minus the route's grade's; their median, and the shares of routes climbers find softer
 * (below 0) and harder (above 0). Nothing is computed, nothing read, when gyms refused the viewer.
 */
export async function setterGrading(ctx: Context, gym: GymWithSetterRoutes): Promise<SetterGradingParent[] | null> {
  const routes = gym.setterRoutes;
  if (!routes) return null;
  const suggestions = await Promise.all(routes.map((route) => ctx.loaders.gradeSuggestionsByRouteId.load(route.id)));
  const bySetter = new Map<string, { setRouteCount: number; deltas: number[] }>();
  routes.forEach((route, i) => {
    const community = suggestions[i];
    const delta = community && community.count >= COMMUNITY_GRADE_MIN_SUGGESTIONS ? community.medianScale - route.grade.scale : null;
    for (const setter of route.setters) {
      if (!setter) continue;
      const tally = bySetter.get(setter.id) ?? { setRouteCount: 0, deltas: [] };
      tally.setRouteCount += 1;
      if (delta !== null) tally.deltas.push(delta);
      bySetter.set(setter.id, tally);
    }
  });
  // The busiest setters first; an account deleted since is left out.
  const ranked = [...bySetter].sort(([a, x], [b, y]) => y.setRouteCount - x.setRouteCount || y.deltas.length - x.deltas.length || a.localeCompare(b));
  const setters = await Promise.all(ranked.map(([id]) => ctx.loaders.userById.load(id)));
  const share = (deltas: number[], side: (delta: number) => boolean) => (deltas.length ? deltas.filter(side).length / deltas.length : null);
  return ranked
    .flatMap(([, { setRouteCount, deltas }], i) => {
      const setter = setters[i];
      if (!setter) return [];
      return [
        {
          setter,
          setRouteCount,
          routeCount: deltas.length,
          medianScaleDelta: median(deltas),
          softShare: share(deltas, (delta) => delta < 0),
          hardShare: share(deltas, (delta) => delta > 0),
        },
      ];
    })
    .slice(0, MAX_SETTER_GRADINGS);
}
