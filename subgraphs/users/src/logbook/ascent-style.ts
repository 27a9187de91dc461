import type { AscentStyle } from '../__generated__/resolvers-types';

export interface Ascent {
  style: AscentStyle | null;
  sent: boolean;
  attempts: number;
}

/** Why a style contradicts the outcome it is logged with, or null when it is consistent. */
export function styleProblem({ style, sent, attempts }: Ascent): string | null {
  switch (style) {
    case 'FLASH':
    case 'ONSIGHT':
      return sent && attempts === 1 ? null : `${style} means sent on the first attempt (sent: true, attempts: 1)`;
    case 'REDPOINT':
    case 'REPEAT':
      return sent ? null : `${style} means the route was sent (sent: true)`;
    case 'ATTEMPT':
      return sent ? 'ATTEMPT means the route was not sent (sent: false)' : null;
    default:
      return null;
  }
}
