import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';

/** Mean Earth radius (IUGG), in km. */
export const EARTH_RADIUS_KM = 6371.0088;

const degrees = (radians: number) => (radians * 180) / Math.PI;
// Rounding in the haversine must not let a point on the box's edge fall outside it.
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

/**
 * Great-circle (haversine) distance in km from a centre to the point in two columns. An SQL
 * expression rather than JavaScript, so a filter and its count agree and the database does the work.
 */
export const greatCircleKm = (
  columns: { latitude: SQLWrapper; longitude: SQLWrapper },
  centre: { latitude: number; longitude: number },
): SQL => sql`
  2 * ${EARTH_RADIUS_KM}::float8 * asin(least(1, sqrt(
    power(sin(radians(${columns.latitude}::float8 - ${centre.latitude}::float8) / 2), 2)
    + cos(radians(${centre.latitude}::float8)) * cos(radians(${columns.latitude}::float8))
    * power(sin(radians(${columns.longitude}::float8 - ${centre.longitude}::float8) / 2), 2))))`;
