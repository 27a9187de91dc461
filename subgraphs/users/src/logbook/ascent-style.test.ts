import { expect, it } from 'vitest';
import { styleProblem } from './ascent-style';

it.each([
  [{ style: null, sent: false, attempts: 9 }, true],
  [{ style: 'FLASH', sent: true, attempts: 1 }, true],
  [{ style: 'FLASH', sent: true, attempts: 2 }, false],
  [{ style: 'ONSIGHT', sent: false, attempts: 1 }, false],
  [{ style: 'REDPOINT', sent: true, attempts: 3 }, true],
  [{ style: 'REDPOINT', sent: false, attempts: 3 }, false],
  [{ style: 'REPEAT', sent: true, attempts: 1 }, true],
  [{ style: 'REPEAT', sent: false, attempts: 1 }, false],
  [{ style: 'ATTEMPT', sent: false, attempts: 4 }, true],
  [{ style: 'ATTEMPT', sent: true, attempts: 4 }, false],
] as const)('%j is consistent: %s', (ascent, consistent) => {
  expect(styleProblem(ascent) === null).toBe(consistent);
});
