import { ForbiddenError, requireViewer, type Viewer } from '@clmb/common';

/** A user's sessions, climbs and stats belong to them; an ADMIN may see and change anyone's. */
const mayAccess = (viewer: Viewer | null, ownerId: string): boolean =>
  viewer !== null && (viewer.id === ownerId || viewer.role === 'ADMIN');

/** UNAUTHENTICATED without a token, FORBIDDEN for someone else's data. */
export function assertAccess(viewer: Viewer | null, ownerId: string, what = 'this'): Viewer {
  const v = requireViewer(viewer);
  if (!mayAccess(v, ownerId)) throw new ForbiddenError(`You may only access your own ${what}.`);
  return v;
}
