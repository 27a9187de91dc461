export const SLUG_MAX = 64;

/** Lowercase ASCII words joined by single hyphens, e.g. `boulder-hall-berlin`. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Derives a slug from a gym's name: accents dropped (`Müller` → `muller`), `ß`/`æ`/`ø` spelled
 * out, everything else that is not a letter or digit becomes a hyphen. Empty when nothing of
 * the name is ASCII-spellable.
 */
export function slugify(name: string): string {
  return name
    .replace(/ß/g, 'ss')
    .replace(/[æÆ]/g, 'ae')
    .replace(/[øØ]/g, 'o')
    .replace(/[œŒ]/g, 'oe')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, SLUG_MAX)
    .replace(/^-+|-+$/g, '');
}
