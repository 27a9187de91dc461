import { and, asc, between, eq, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { GymRow } from '@clmb/drizzle/gyms';
import type { Connection } from '@clmb/common';
import { mapPgErrors } from '@clmb/common';
import { schema, type GymsDb } from './db';

const { gyms } = schema;

export interface GymFilterValues {
  search?: string | undefined;
  city?: string | undefined;
  country?: string | undefined;
  near?: { latitude: number; longitude: number; radiusKm: number } | undefined;
}

/** A page of `gyms` plus the filter that made it, so `totalCount` can be counted only when asked for. */
export interface GymPage extends Connection<GymRow> {
  filter: GymFilterValues;
}

export type NewGym = typeof gyms.$inferInsert;
export type GymPatch = Partial<Omit<NewGym, 'id' | 'gradeSystemId' | 'archivedAt' | 'createdAt' | 'modifiedAt'>>;

const constraintFields = (root: string) => ({
  gym_slug_key: `${root}.slug`,
  gym_grade_system_id_grade_system_id_fk: `${root}.gradeSystemId`,
  gym_latitude_range: `${root}.latitude`,
  gym_longitude_range: `${root}.longitude`,
});

const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle (haversine) distance from a point, in SQL so the filter and the count agree. */
const distanceKm = (latitude: number, longitude: number): SQL => sql`
  2 * ${EARTH_RADIUS_KM}::float8 * asin(least(1, sqrt(
    power(sin(radians(${gyms.latitude}::float8 - ${latitude}::float8) / 2), 2)
    + cos(radians(${latitude}::float8)) * cos(radians(${gyms.latitude}::float8))
    * power(sin(radians(${gyms.longitude}::float8 - ${longitude}::float8) / 2), 2))))`;

const degrees = (radians: number) => (radians * 180) / Math.PI;
// Rounding in the haversine must not let a gym on the box's edge fall outside it.
const MARGIN_DEGREES = 1e-6;

/** A latitude range and, unless the circle reaches a pole or crosses ±180°, a longitude range. */
export interface BoundingBox {
  latitude: [number, number];
  longitude: [number, number] | null;
}

/**
 * The smallest latitude/longitude box holding every point within `radiusKm` of a centre
 * (J. P. Matuschek, "Finding Points Within a Distance of a Latitude/Longitude Using Bounding
 * Coordinates"). When the circle reaches a pole every longitude is inside; when it crosses the
 * antimeridian the longitudes wrap, which one range cannot say: both get no longitude bound, and
 * the haversine alone decides.
 */
export function boundingBox(latitude: number, longitude: number, radiusKm: number): BoundingBox {
  const angular = radiusKm / EARTH_RADIUS_KM;
  const latitudeDelta = degrees(angular) + MARGIN_DEGREES;
  const [south, north] = [latitude - latitudeDelta, latitude + latitudeDelta];
  if (south <= -90 || north >= 90) return { latitude: [Math.max(south, -90), Math.min(north, 90)], longitude: null };
  const longitudeDelta = degrees(Math.asin(Math.min(1, Math.sin(angular) / Math.cos((latitude * Math.PI) / 180)))) + MARGIN_DEGREES;
  const [west, east] = [longitude - longitudeDelta, longitude + longitudeDelta];
  return { latitude: [south, north], longitude: west < -180 || east > 180 ? null : [west, east] };
}

/** Within `radiusKm`: the box, which the (latitude, longitude) index answers, then the exact distance. */
function nearTo(centre: { latitude: number; longitude: number; radiusKm: number }): SQL | undefined {
  const box = boundingBox(centre.latitude, centre.longitude, centre.radiusKm);
  return and(
    between(gyms.latitude, ...box.latitude),
    box.longitude ? between(gyms.longitude, ...box.longitude) : undefined,
    sql`${distanceKm(centre.latitude, centre.longitude)} <= ${centre.radiusKm}::float8`,
  );
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, '\\$&');

function listed(filter: GymFilterValues): SQL | undefined {
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

/** Up to `limit` listed gyms after the keyset cursor `(name, id)`, by name then id. */
export async function listGyms(
  db: GymsDb,
  filter: GymFilterValues,
  limit: number,
  after: readonly [string, string] | null,
): Promise<GymRow[]> {
  return await db
    .select()
    .from(gyms)
    .where(and(listed(filter), after ? sql`(${gyms.name}, ${gyms.id}) > (${after[0]}, ${after[1]}::uuid)` : undefined))
    .orderBy(asc(gyms.name), asc(gyms.id))
    .limit(limit);
}

export async function countGyms(db: GymsDb, filter: GymFilterValues): Promise<number> {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(gyms).where(listed(filter));
  return row?.count ?? 0;
}

export async function findGymsByIds(db: GymsDb, ids: readonly string[]): Promise<GymRow[]> {
  return await db.select().from(gyms).where(inArray(gyms.id, [...ids]));
}

export async function findGymsBySlugs(db: GymsDb, slugs: readonly string[]): Promise<GymRow[]> {
  return await db.select().from(gyms).where(inArray(gyms.slug, [...slugs]));
}

export async function insertGym(db: GymsDb, values: NewGym): Promise<GymRow> {
  const [row] = await mapPgErrors(() => db.insert(gyms).values(values).returning(), constraintFields('input'));
  if (!row) throw new Error('insert into gym returned no row');
  return row;
}

/** null when no gym has this id. */
export async function updateGym(db: GymsDb, id: string, patch: GymPatch): Promise<GymRow | null> {
  if (Object.values(patch).every((value) => value === undefined)) return (await findGymsByIds(db, [id]))[0] ?? null;
  const [row] = await mapPgErrors(
    () => db.update(gyms).set(patch).where(eq(gyms.id, id)).returning(),
    constraintFields('input'),
  );
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
