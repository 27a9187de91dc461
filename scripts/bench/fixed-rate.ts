/**
 * The offered rate of the fixed-rate latency run: half what the slowest of its targets served in
 * this run's distinct-climber logbook (`logbooks`, medians), so that every target keeps up and
 * latency is measured unsaturated, as a ratio between targets at the same rate.
 */
export function chooseRate(logbooksRps: number[]): number | undefined {
  const measured = logbooksRps.filter((rps) => Number.isFinite(rps) && rps > 0);
  if (!measured.length) return undefined;
  return Math.max(1, Math.floor(Math.min(...measured) / 2));
}
