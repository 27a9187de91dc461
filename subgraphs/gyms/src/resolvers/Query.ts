import { pageSize, parseAfter, parseId, parseInput, toConnection } from '@clmb/common';
import { z } from 'zod';
import type { QueryResolvers } from '../__generated__/resolvers-types';
import { listGradeSystems } from '../grade-system-store';
import { listGyms } from '../gym-store';
import { gymFilterInput } from '../inputs';
import { SLUG_MAX } from '../slug';

/** A `gyms` cursor is the keyset `(name, id)` of the last gym of the previous page. */
const gymCursor = z.tuple([z.string(), z.uuid()]);

export const Query: QueryResolvers = {
  gym: (_parent, { id }, { loaders }) => loaders.gymById.load(parseId(id)),

  gymBySlug: (_parent, { slug }, { loaders }) =>
    loaders.gymBySlug.load(parseInput(z.string().trim().toLowerCase().max(SLUG_MAX), slug, 'slug')),

  gyms: async (_parent, { first, after, filter }, { db, loaders }) => {
    const size = pageSize(first);
    const cursor = parseAfter(after, gymCursor);
    const values = parseInput(gymFilterInput, filter, 'filter');
    const rows = await listGyms(db, values, size + 1, cursor);
    for (const row of rows) loaders.gymById.prime(row.id, row);
    return { ...toConnection(rows, size, (row) => [row.name, row.id], cursor !== null), filter: values };
  },

  gradeSystems: async (_parent, _args, { db, loaders }) => {
    const systems = await listGradeSystems(db);
    for (const system of systems) loaders.gradeSystemById.prime(system.id, system);
    return systems;
  },

  gradeSystem: (_parent, { id }, { loaders }) => loaders.gradeSystemById.load(parseId(id)),

  route: (_parent, { id }, { loaders }) => loaders.routeById.load(parseId(id)),
};
