/**
 * Public counts (`Gym.activity`, `Route.ascents`) reveal no single climber's activity as it
 * happens. Climbers who opted in to leaderboards (`Preferences.showOnLeaderboards`) already show
 * theirs at once, and count at once. A session or climb of anyone else counts only from the second
 * midnight (UTC) after it was logged: 24 to 48 hours late, and together with everything else of
 * that day, so two reads of a count, however close, never tell when one such climber logged
 * something. The delay is by when a row was written, not by the time it names, so an import of
 * old sessions waits too. See docs/api.md.
 */
export const UNLISTED_DELAY_DAYS = 1;
