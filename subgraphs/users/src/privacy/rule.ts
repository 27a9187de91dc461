import type { Visibility } from '@clmb/drizzle/users';

export type { Visibility };

/**
 * What the viewer is to the owner of the data, as far as privacy goes. BLOCKED wins over
 * everything else, either way round: a block hides both climbers from each other.
 */
export type Relation = 'SELF' | 'ADMIN' | 'BLOCKED' | 'FOLLOWER' | 'STRANGER' | 'ANONYMOUS';

const NARROWNESS: Record<Visibility, number> = { PUBLIC: 0, FOLLOWERS: 1, PRIVATE: 2 };

/** The narrowest of an account's visibility and what its session or climb narrowed it to (null: not narrowed). */
export function effectiveVisibility(account: Visibility, ...narrowedTo: (Visibility | null | undefined)[]): Visibility {
  let effective = account;
  for (const item of narrowedTo) if (item && NARROWNESS[item] > NARROWNESS[effective]) effective = item;
  return effective;
}

/**
 * The one rule: whether a viewer in `relation` to a climber may see an item of theirs whose
 * effective visibility is `visibility`. The climber and an ADMIN (support, as the API has always
 * documented) see everything; a blocked viewer nothing; a follower all but PRIVATE; anyone else
 * PUBLIC items only.
 */
export function mayView(relation: Relation, visibility: Visibility): boolean {
  switch (relation) {
    case 'SELF':
    case 'ADMIN':
      return true;
    case 'BLOCKED':
      return false;
    case 'FOLLOWER':
      return visibility !== 'PRIVATE';
    case 'STRANGER':
    case 'ANONYMOUS':
      return visibility === 'PUBLIC';
  }
}
