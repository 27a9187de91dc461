import { describe, expect, it } from 'vitest';
import { boundingBox } from './geometry';

const rounded = (box: ReturnType<typeof boundingBox>) => ({
  latitude: box.latitude.map((v) => Number(v.toFixed(3))),
  longitude: box.longitude?.map((v) => Number(v.toFixed(3))) ?? null,
});

describe('boundingBox', () => {
  it('spans the radius in latitude, and more degrees of longitude the further from the equator', () => {
    // 111.2 km is one degree of latitude anywhere, and of longitude on the equator; two at 60°.
    expect(rounded(boundingBox(0, 10, 111.195))).toEqual({ latitude: [-1, 1], longitude: [9, 11] });
    expect(rounded(boundingBox(60, 10, 111.195))).toEqual({ latitude: [59, 61], longitude: [8, 12] });
  });

  it('drops the longitude bound when the circle crosses ±180° or reaches a pole', () => {
    expect(boundingBox(-16.8, 179.9, 50).longitude).toBeNull();
    expect(boundingBox(0, -179.5, 100).longitude).toBeNull();
    expect(rounded(boundingBox(89.5, 0, 100))).toEqual({ latitude: [88.601, 90], longitude: null });
    expect(rounded(boundingBox(-89.5, 0, 100))).toEqual({ latitude: [-90, -88.601], longitude: null });
    expect(boundingBox(0, 0, 20_000)).toEqual({ latitude: [-90, 90], longitude: null });
  });

  it('keeps a longitude bound close to, but not across, ±180°', () => {
    expect(boundingBox(0, 178, 100).longitude?.[1]).toBeLessThan(180);
  });
});
