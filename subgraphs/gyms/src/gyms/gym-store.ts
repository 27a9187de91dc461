import { and, asc, between, eq, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { GymRow } from '@clmb/drizzle/gyms';
import { anyOf, mapPgErrors, preparedPerDatabase } from '@clmb/common';
import { schema, type GymsDb } from '../db';
import { boundingBox, greatCircleKm } from './geometry';

const { gyms } = schema;

/** Which gyms a listing holds; every condition given must hold. */
export interface GymFilter {
  search?: string | undefined;
  city?: string | undefined;
  country?: string | undefined;
  near?: { latitude: number; longitude: number; radiusKm: number } | undefined;
}

export type NewGym = typeof gyms.$inferInsert;
export type GymPatch = Partial<Omit<NewGym, 'id' | 'gradeSystemId' | 'archivedAt' | 'createdAt' | 'modifiedAt'>>;

const constraintFields = {
  gym_slug_key: 'input.slug',
  gym_grade_system_id_grade_system_id_fk: 'input.gradeSystemId',
  gym_latitude_range: 'input.latitude',
  gym_longitude_range: 'input.longitude',
};

/** Within `radiusKm`: the box, which the (latitude, longitude) index answers, then the exact distance. */
function nearTo(centre: { latitude: number; longitude: number; radiusKm: number }): SQL | undefined {
  const box = boundingBox(centre.latitude, centre.longitude, centre.radiusKm);
  return and(
    between(gyms.latitude, ...box.latitude),
    box.longitude ? between(gyms.longitude, ...box.longitude) : undefined,
    sql`${greatCircleKm(gyms, centre)} <= ${centre.radiusKm}::float8`,
  );
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, '\\$&');

/** Whether a filter narrows the list at all: an empty or null criterion is none, as in `listed`. */
const narrows = ({ search, city, country, near }: GymFilter) => Boolean(search || city || country || near);

function listed(filter: GymFilter): SQL | undefined {
  const { search, city, country, near } = filter;
  const pattern = search && `%${escapeLike(search)}%`;
  return and(
    isNull(gyms.archivedAt),
    pattern ? or(ilike(gyms.name, pattern), ilike(gyms.city, pattern), ilike(gyms.address, pattern)) : undefined,
    // lower() on both sides matches the expression indexes gym_city_idx / gym_country_idx.
    city ? sql`lower(${gyms.city}) = lower(${city})` : undefined,
    country ? sql`lower(${gyms.country}) = lower(${country})` : undefined,
    near ? nearTo(near) : undefined,
  );
}

// The first page of the whole list, the public gyms page.
const firstListedGyms = preparedPerDatabase((db: GymsDb) =>
  db
    .select()
    .from(gyms)
    .where(listed({}))
    .orderBy(asc(gyms.name), asc(gyms.id))
    .limit(sql.placeholder('limit'))
    .prepare('first_listed_gyms'),
);

/** Up to `limit` listed gyms after the keyset cursor `(name, id)`, by name then id. */
export async function listGyms(
  db: GymsDb,
  filter: GymFilter,
  limit: number,
  after: readonly [string, string] | null,
): Promise<GymRow[]> {
  if (!after && !narrows(filter)) return await firstListedGyms(db).execute({ limit });
  return await db
    .select()
    .from(gyms)
    .where(and(listed(filter), after ? sql`(${gyms.name}, ${gyms.id}) > (${after[0]}, ${after[1]}::uuid)` : undefined))
    .orderBy(asc(gyms.name), asc(gyms.id))
    .limit(limit);
}

export async function countGyms(db: GymsDb, filter: GymFilter): Promise<number> {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(gyms).where(listed(filter));
  return row?.count ?? 0;
}

const gymsByIds = preparedPerDatabase((db: GymsDb) => db.select().from(gyms).where(anyOf(gyms.id, 'ids')).prepare('gyms_by_ids'));

export async function findGymsByIds(db: GymsDb, ids: readonly string[]): Promise<GymRow[]> {
  return await gymsByIds(db).execute({ ids });
}

export async function findGymsBySlugs(db: GymsDb, slugs: readonly string[]): Promise<GymRow[]> {
  return await db.select().from(gyms).where(inArray(gyms.slug, [...slugs]));
}

export async function insertGym(db: GymsDb, values: NewGym): Promise<GymRow> {
  const [row] = await mapPgErrors(() => db.insert(gyms).values(values).returning(), constraintFields);
  if (!row) throw new Error('insert into gym returned no row');
  return row;
}

/** null when no gym has this id. */
export async function updateGym(db: GymsDb, id: string, patch: GymPatch): Promise<GymRow | null> {
  const [row] = await mapPgErrors(() => db.update(gyms).set(patch).where(eq(gyms.id, id)).returning(), constraintFields);
  return row ?? null;
}

/** Keeps the first archiving time, so archiving twice changes nothing. null when no gym has this id. */
export async function archiveGym(db: GymsDb, id: string): Promise<GymRow | null> {
  const [row] = await db
    .update(gyms)
    .set({ archivedAt: sql`coalesce(${gyms.archivedAt}, now())` })
    .where(eq(gyms.id, id))
    .returning();
  return row ?? null;
}
