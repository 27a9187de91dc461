import { DateTimeResolver } from 'graphql-scalars';
import type { Resolvers } from '../__generated__/resolvers-types';
import { Grade } from './Grade';
import { GradeSystem } from './GradeSystem';
import { GradeTarget } from './GradeTarget';
import { Gym } from './Gym';
import { GymConnection } from './GymConnection';
import { GymStaffInvitation } from './GymStaffInvitation';
import { GymStaffMember } from './GymStaffMember';
import { GymStaffRole } from './GymStaffRole';
import { Mutation } from './Mutation';
import { Query } from './Query';
import { Route } from './Route';
import { RouteReport } from './RouteReport';
import { User } from './User';
import { Wall } from './Wall';

export const resolvers: Resolvers = {
  DateTime: DateTimeResolver,
  Query,
  Mutation,
  GradeSystem,
  Grade,
  GradeTarget,
  Gym,
  GymConnection,
  GymStaffInvitation,
  GymStaffMember,
  GymStaffRole,
  Route,
  RouteReport,
  Wall,
  User,
};
