import type { KudosResolvers } from '../__generated__/resolvers-types';
import * as kudos from '../reactions/kudos';

export const Kudos: KudosResolvers = {
  giver: (row, _args, ctx) => kudos.kudosGiver(ctx, row),
  session: (row, _args, ctx) => kudos.kudosSession(ctx, row),
  climb: (row, _args, ctx) => kudos.kudosClimb(ctx, row),
};
