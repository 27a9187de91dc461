import { describe, expect, it } from 'vitest';
import { SLUG_PATTERN, slugify } from './slug';

describe('slugify', () => {
  it.each([
    ['Boulder Hall Berlin', 'boulder-hall-berlin'],
    ['  Café Müller’s  Klettergarten! ', 'cafe-muller-s-klettergarten'],
    ['Straße & Øresund Æble', 'strasse-oresund-aeble'],
    ['The Climbing Works (Sheffield)', 'the-climbing-works-sheffield'],
    ['B—2', 'b-2'],
    ['東京', ''],
  ])('%s → %s', (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it('stays within 64 characters and a valid slug', () => {
    const slug = slugify(`${'a'.repeat(63)} b`);
    expect(slug).toBe('a'.repeat(63));
    expect(SLUG_PATTERN.test(slug)).toBe(true);
  });
});
