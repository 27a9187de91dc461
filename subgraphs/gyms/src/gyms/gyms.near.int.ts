import { dataOf } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GymsUnderTest, startGymsUnderTest } from '../test-service';

// Gyms where a latitude/longitude box goes wrong if drawn naively: on both sides of ±180°, and
// near both poles, where a few km span many degrees of longitude.
const places: [string, number, number][] = [
  ['Suva', -18.1416, 178.4419],
  ['Apia', -13.8333, -171.7667],
  ['Taveuni East', -16.8, 179.999],
  ['Taveuni West', -16.8, -179.999],
  ['Equator East', 0, 179.95],
  ['Equator West', 0, -179.95],
  ['Anadyr', 64.7337, 177.4968],
  ['Chukotka Cape', 66.0, 179.9],
  ['Alaska Cape', 65.5, -179.9],
  ['Longyearbyen', 78.2232, 15.6267],
  ['Alert', 82.5018, -62.3481],
  ['North Pole East', 89.9, 100],
  ['North Pole West', 89.9, -80],
  ['South Pole', -89.99, 0],
  ['McMurdo', -77.8419, 166.6863],
  ['Null Island', 0, 0],
];

let t: GymsUnderTest;

beforeAll(async () => {
  t = await startGymsUnderTest('gyms_near');
  const system = await t.build.gradeSystem(t.tokens.admin, { name: 'Near V', grades: ['V0'] });
  for (const [name, latitude, longitude] of places) {
    await t.build.gym(t.tokens.admin, { name, city: name, country: 'Earth', latitude, longitude, gradeSystemId: system.id });
  }
});
afterAll(() => t?.stop());

const R = 6371.0088;
const rad = (deg: number) => (deg * Math.PI) / 180;
/** The same great-circle distance the store computes in SQL, in JavaScript. */
const distanceKm = (lat1: number, lon1: number, lat2: number, lon2: number) =>
  2 * R * Math.asin(Math.min(1, Math.sqrt(Math.sin(rad(lat2 - lat1) / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(rad(lon2 - lon1) / 2) ** 2)));
const expected = (latitude: number, longitude: number, radiusKm: number) =>
  places
    .filter(([, lat, lon]) => distanceKm(latitude, longitude, lat, lon) <= radiusKm)
    .map(([name]) => name)
    .sort();
const near = async (latitude: number, longitude: number, radiusKm: number): Promise<string[]> => {
  const data = dataOf(
    await t.gql(`query ($filter: GymFilter) { gyms(first: 100, filter: $filter) { totalCount edges { node { name } } } }`, {
      filter: { near: { latitude, longitude, radiusKm } },
    }),
  );
  const names = data['gyms'].edges.map((e: { node: { name: string } }) => e.node.name).sort();
  expect(data['gyms'].totalCount).toBe(names.length);
  return names;
};

describe('gyms(filter: { near })', () => {
  it('finds gyms across the antimeridian', async () => {
    expect(await near(-16.8, 180, 5)).toEqual(['Taveuni East', 'Taveuni West']);
    expect(await near(0, -179.99, 10)).toEqual(['Equator East', 'Equator West']);
    expect(await near(65.8, 180, 100)).toEqual(['Alaska Cape', 'Chukotka Cape']);
  });

  it('finds gyms around the poles, whatever their longitude', async () => {
    expect(await near(90, 0, 20)).toEqual(['North Pole East', 'North Pole West']);
    expect(await near(89.8, 10, 30)).toEqual(['North Pole East', 'North Pole West']);
    expect(await near(-90, 123, 2)).toEqual(['South Pole']);
  });

  it('agrees with the great-circle distance alone, near ±180° and at high latitudes', async () => {
    const centres: [number, number][] = [
      [-16.8, 179.9],
      [-16.8, -179.9],
      [0, 180],
      [0, -180],
      [65, 179],
      [70, -175],
      [78, 15],
      [85, -60],
      [89.99, 45],
      [-85, 170],
      [-89.9, -100],
      [0, 0],
    ];
    const mismatches: unknown[] = [];
    for (const [latitude, longitude] of centres) {
      for (const radiusKm of [1, 15, 120, 700, 1500, 3000, 10_000, 20_000]) {
        const [got, want] = [await near(latitude, longitude, radiusKm), expected(latitude, longitude, radiusKm)];
        if (JSON.stringify(got) !== JSON.stringify(want)) mismatches.push({ latitude, longitude, radiusKm, got, want });
      }
    }
    expect(mismatches).toEqual([]);
  });
});
