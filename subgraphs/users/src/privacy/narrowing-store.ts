import type { Visibility } from '@clmb/drizzle/users';
import { type Column, type SQL, sql } from 'drizzle-orm';

/**
 * The narrowings of sessions and climbs the viewer may see (privacy's visibleNarrowings); null:
 * all of them (the climber, an ADMIN), and no filter at all.
 */
export type Allowed = readonly Visibility[] | null;

/** Whether a row narrowed by `column` is one the viewer may see. */
export const seen = (column: Column, allowed: Allowed): SQL =>
  allowed ? sql`(${column} is null or ${column}::text = any(${sql.param([...allowed])}::text[]))` : sql`true`;
