import type { GradeSystemSummary, GymsClient } from './gyms-client';

/**
 * The gyms service's grade systems, kept in this process so that stats convert grades without
 * asking gyms per request: refreshed at most once per `maxAgeMs`, on demand. While gyms cannot be
 * reached the last copy serves; without any copy the gyms client's SUBGRAPH_UNAVAILABLE error
 * reaches the field that needed it.
 */
export interface GradeSystemCache {
  systems(): Promise<GradeSystemSummary[]>;
}

export function createGradeSystemCache(gyms: Pick<GymsClient, 'gradeSystems'>, maxAgeMs = 60_000): GradeSystemCache {
  let copy: { systems: GradeSystemSummary[]; at: number } | null = null;
  let refreshing: Promise<GradeSystemSummary[]> | null = null;
  let lastTry = Number.NEGATIVE_INFINITY;

  function refresh(): Promise<GradeSystemSummary[]> {
    lastTry = Date.now();
    // Concurrent requests share one call to gyms.
    refreshing ??= gyms
      .gradeSystems()
      .then((systems) => {
        copy = { systems, at: Date.now() };
        return systems;
      })
      .finally(() => {
        refreshing = null;
      });
    return refreshing;
  }

  return {
    async systems() {
      if (copy && Date.now() - copy.at < maxAgeMs) return copy.systems;
      if (!copy) return refresh();
      // Stale: refresh (at most once per interval while gyms fails) and serve the old copy meanwhile if it fails.
      if (Date.now() - lastTry < maxAgeMs) return copy.systems;
      const stale = copy.systems;
      return refresh().catch(() => stale);
    },
  };
}
