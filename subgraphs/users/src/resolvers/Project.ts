import { ref } from '@clmb/common';
import type { ProjectResolvers } from '../__generated__/resolvers-types';
import * as projects from '../projects/project-fields';

export const Project: ProjectResolvers = {
  // A reference the gyms subgraph resolves through the router.
  route: (project) => ref('Route', project.routeId),
  status: (project, _args, ctx) => projects.projectStatus(ctx, project),
  sentAt: (project, _args, ctx) => projects.projectSentAt(ctx, project),
  expiresAt: (project, _args, ctx) => projects.projectExpiresAt(ctx, project),
  attempts: (project, _args, ctx) => projects.projectAttempts(ctx, project),
  sessions: (project, _args, ctx) => projects.projectSessions(ctx, project),
  updatedAt: (project) => project.modifiedAt,
};
