import { requireRole, type Viewer } from '@clmb/common';
import type { Context } from './context';

/** Grade systems, gyms and routes are the setters' catalogue: only SETTER or ADMIN change them. */
export const requireSetter = (ctx: Context): Viewer => requireRole(ctx.viewer, 'SETTER', 'ADMIN');
