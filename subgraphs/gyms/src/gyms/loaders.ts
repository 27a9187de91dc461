import { oneLoader, prime } from '@clmb/common';
import type { GymRow } from '@clmb/drizzle/gyms';
import type DataLoader from 'dataloader';
import type { GymsDb } from '../db';
import { findGymsByIds, findGymsBySlugs } from './gym-store';

const byId = (row: GymRow) => row.id;
const bySlug = (row: GymRow) => row.slug;

/** The rows one loader read, primed into the loader of the other key. */
function primedInto(loader: DataLoader<string, GymRow | null>, keyOf: (row: GymRow) => string, rows: GymRow[]): GymRow[] {
  for (const row of rows) prime(loader, row, keyOf(row));
  return rows;
}

/**
 * Gyms by id and by slug, new per request (see ../loaders.ts). A gym read by one key is known by
 * the other without a statement: a page found by slug, then referenced by id.
 */
export function gymLoaders(db: GymsDb) {
  const gymById: DataLoader<string, GymRow | null> = oneLoader(async (ids) => primedInto(gymBySlug, bySlug, await findGymsByIds(db, ids)), byId);
  const gymBySlug: DataLoader<string, GymRow | null> = oneLoader(async (slugs) => primedInto(gymById, byId, await findGymsBySlugs(db, slugs)), bySlug);
  return { gymById, gymBySlug };
}
