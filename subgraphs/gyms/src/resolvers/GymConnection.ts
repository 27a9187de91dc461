import type { GymConnectionResolvers } from '../__generated__/resolvers-types';
import { countGyms } from '../gym-store';

export const GymConnection: GymConnectionResolvers = {
  // Counted only when a client selects it: a COUNT over the filter is the costly part of a page.
  totalCount: (page, _args, { db }) => countGyms(db, page.filter),
};
