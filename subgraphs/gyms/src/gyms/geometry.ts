/** Mean Earth radius (IUGG), in km. */
const EARTH_RADIUS_KM = 6371.0088;

const degrees = (radians: number) => (radians * 180) / Math.PI;
// Rounding in the haversine must not let a point on the box's edge fall outside it.
const MARGIN_DEGREES = 1e-6;

/** A range of degrees, lowest first: a tuple, as the store's box holds them. */
const range = (low: number, high: number): [number, number] => [low, high];

/** A distance on the Earth's surface as the angle it spans at the Earth's centre, in radians. */
const centralAngle = (km: number) => km / EARTH_RADIUS_KM;

/**
 * The smallest latitude/longitude box holding every point within `radiusKm` of a centre
 * (J. P. Matuschek, "Finding Points Within a Distance of a Latitude/Longitude Using Bounding
 * Coordinates"). When the circle reaches a pole every longitude is inside; when it crosses the
 * antimeridian the longitudes wrap, which one range cannot say: both get no longitude bound, and
 * the haversine alone decides.
 */
export function boundingBox(latitude: number, longitude: number, radiusKm: number) {
  const angular = centralAngle(radiusKm);
  const latitudeDelta = degrees(angular) + MARGIN_DEGREES;
  const [south, north] = [latitude - latitudeDelta, latitude + latitudeDelta];
  if (south <= -90 || north >= 90) return { latitude: range(Math.max(south, -90), Math.min(north, 90)), longitude: null };
  const longitudeDelta = degrees(Math.asin(Math.min(1, Math.sin(angular) / Math.cos((latitude * Math.PI) / 180)))) + MARGIN_DEGREES;
  const [west, east] = [longitude - longitudeDelta, longitude + longitudeDelta];
  return { latitude: range(south, north), longitude: west < -180 || east > 180 ? null : range(west, east) };
}

/**
 * The numbers for "within `radiusKm` of a centre": the box around the circle, and the circle's
 * angle. Plain values: gym-store's `Near` is their shape, and a helper imports no store.
 */
export const near = ({ latitude, longitude, radiusKm }: { latitude: number; longitude: number; radiusKm: number }) => ({
  latitude,
  longitude,
  maxAngle: centralAngle(radiusKm),
  box: boundingBox(latitude, longitude, radiusKm),
});
