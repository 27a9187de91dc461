/**
 * Milliseconds as an ISO 8601 duration in hours, minutes and seconds (`PT1H30M`, `PT0S`). Days are
 * left out on purpose: a calendar day is not always 24 hours, an elapsed hour always is.
 */
export function formatDuration(milliseconds: number): string {
  const total = Math.max(0, Math.round(milliseconds));
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const seconds = (total % 60_000) / 1000;
  const parts = [hours && `${hours}H`, minutes && `${minutes}M`, seconds && `${seconds}S`].filter(Boolean);
  return `PT${parts.length ? parts.join('') : '0S'}`;
}
