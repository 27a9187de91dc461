import { and, asc, between, eq, ilike, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { GymRow } from '@clmb/drizzle/gyms';
import { anyOf, mapPgErrors, preparedPerDatabase } from '@clmb/common';
import { schema, type GymsDb } from '../db';

const { gyms } = schema;

/** Which gyms a listing holds; every condition given must hold. */
export interface GymFilter {
  search?: string | undefined;
  city?: string | undefined;
  country?: string | undefined;
  near?: Near | undefined;
}

/** A latitude range and, unless the circle reaches a pole or crosses ±180°, a longitude range. */
interface BoundingBox {
  latitude: [number, number];
  longitude: [number, number] | null;
}

/** Within a great-circle distance of a centre, given as the angle it spans at the Earth's centre (radians). */
interface Near {
  latitude: number;
  longitude: number;
  maxAngle: number;
  /** Holds the whole circle, so the (latitude, longitude) index narrows the rows before the haversine. */
  box: BoundingBox;
}

type NewGym = typeof gyms.$inferInsert;
type GymPatch = Partial<Omit<NewGym, 'id' | 'gradeSystemId' | 'archivedAt' | 'createdAt' | 'modifiedAt'>>;

const constraintFields = {
  gym_slug_key: 'input.slug',
  gym_grade_system_id_grade_system_id_fk: 'input.gradeSystemId',
  gym_latitude_range: 'input.latitude',
  gym_longitude_range: 'input.longitude',
  gym_out_soon_days_range: 'input.outSoonDays',
};

/**
 * The angle between a gym and `centre` at the Earth's centre, in radians (haversine). In SQL rather
 * than JavaScript, so a filter and its count agree and the database does the work.
 */
const angleFrom = ({ latitude, longitude }: { latitude: number; longitude: number }): SQL => sql`
  2 * asin(least(1, sqrt(
    power(sin(radians(${gyms.latitude}::float8 - ${latitude}::float8) / 2), 2)
    + cos(radians(${latitude}::float8)) * cos(radians(${gyms.latitude}::float8))
    * power(sin(radians(${gyms.longitude}::float8 - ${longitude}::float8) / 2), 2))))`;

/** The box first, which the (latitude, longitude) index answers, then the exact distance. */
const nearTo = ({ box, maxAngle, ...centre }: Near): SQL | undefined =>
  and(
    between(gyms.latitude, ...box.latitude),
    box.longitude ? between(gyms.longitude, ...box.longitude) : undefined,
    sql`${angleFrom(centre)} <= ${maxAngle}::float8`,
  );

const escapeLike = (text: string) => text.replace(/[\\%_]/g, '\\$&');

/** Whether a filter has any condition; without one, the first page is a prepared statement. */
const narrows = (filter: GymFilter) => Object.values(filter).some((condition) => condition !== undefined);

function listed(filter: GymFilter): SQL | undefined {
  const { search, city, country, near } = filter;
  const pattern = search === undefined ? undefined : `%${escapeLike(search)}%`;
  return and(
    isNull(gyms.archivedAt),
    pattern === undefined ? undefined : or(ilike(gyms.name, pattern), ilike(gyms.city, pattern), ilike(gyms.address, pattern)),
    // lower() on both sides matches the expression indexes gym_city_idx / gym_country_idx.
    city === undefined ? undefined : sql`lower(${gyms.city}) = lower(${city})`,
    country === undefined ? undefined : sql`lower(${gyms.country}) = lower(${country})`,
    near === undefined ? undefined : nearTo(near),
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

/**
 * Locks the gym's row until the transaction ends, so that writes counting its walls or routes
 * queue (FOR NO KEY UPDATE: new rows' foreign keys to it still go through).
 */
export async function lockGym(tx: GymsDb, id: string): Promise<void> {
  await tx.select({ id: gyms.id }).from(gyms).where(eq(gyms.id, id)).for('no key update');
}
