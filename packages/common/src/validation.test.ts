import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from './relay';
import { fields, parseInput } from './validation';

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    const { message, extensions } = error as { message: string; extensions: Record<string, unknown> };
    return [extensions['code'], extensions['field'], message];
  }
  return 'accepted';
};

const profile = z.object({ name: fields.text(64), notes: fields.optionalText(2000, { multiline: true }) });

describe('text inputs', () => {
  it('keep ordinary text, accents and emoji, and newlines in multi-line text', () => {
    expect(parseInput(profile, { name: 'Zoë 🧗 Ñúñez', notes: 'crimps\n\tthen slopers' })).toEqual({
      name: 'Zoë 🧗 Ñúñez',
      notes: 'crimps\n\tthen slopers',
    });
  });

  it.each([
    ['a NUL', 'Ada\u0000'],
    ['a bell', 'Ada\u0007Lovelace'],
    ['a newline in a one-line field', 'Ada\nLovelace'],
    ['an escape sequence', 'Ada\u001b[31m'],
    ['a right-to-left override', 'Ada\u202egpj.exe'],
    ['a bidi isolate', 'Ada\u2066x\u2069'],
  ])('refuse %s in a name, naming the field', (_what, name) => {
    expect(refusal(() => parseInput(profile, { name }))).toEqual([
      'BAD_USER_INPUT',
      'input.name',
      'input.name: must not contain control or bidirectional override characters',
    ]);
  });

  it('refuse control characters other than tab and newlines in multi-line text', () => {
    expect(refusal(() => parseInput(profile, { name: 'Ada', notes: 'fine\u0008' }))).toEqual([
      'BAD_USER_INPUT',
      'input.notes',
      'input.notes: must not contain control or bidirectional override characters',
    ]);
  });
});

describe('NUL anywhere in an input', () => {
  it('is BAD_USER_INPUT naming the field, whatever validator the field has (filters, slugs, passwords)', () => {
    const filter = z.object({ filter: z.object({ city: z.string().nullish() }), tags: z.array(z.string()) });
    expect(refusal(() => parseInput(filter, { filter: { city: 'Sheff\u0000ield' }, tags: [] }))).toEqual([
      'BAD_USER_INPUT',
      'input.filter.city',
      'input.filter.city: must not contain NUL characters',
    ]);
    expect(refusal(() => parseInput(filter, { filter: {}, tags: ['ok', 'n\u0000'] }))).toEqual([
      'BAD_USER_INPUT',
      'input.tags.1',
      'input.tags.1: must not contain NUL characters',
    ]);
    expect(refusal(() => parseInput(z.string(), 'the-\u0000-slug', 'slug'))).toEqual(['BAD_USER_INPUT', 'slug', 'slug: must not contain NUL characters']);
  });

  it('in a cursor makes it no cursor of this API', () => {
    expect(decodeCursor(encodeCursor(['Ada', 1]))).toEqual(['Ada', 1]);
    expect(refusal(() => decodeCursor(encodeCursor(['Ad\u0000a', 1])))).toEqual([
      'BAD_USER_INPUT',
      'after',
      'after: is not a cursor returned by this API',
    ]);
  });
});
