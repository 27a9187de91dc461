import { DateTimeResolver, DurationResolver } from 'graphql-scalars';
import type { Resolvers } from '../__generated__/resolvers-types';
import { Climb } from './Climb';
import { Device } from './Device';
import { Mutation } from './Mutation';
import { Query } from './Query';
import { Rating } from './Rating';
import { Route } from './Route';
import { Session } from './Session';
import { SessionConnection } from './SessionConnection';
import { User } from './User';

export const resolvers: Resolvers = {
  DateTime: DateTimeResolver,
  Duration: DurationResolver,
  Query,
  Mutation,
  User,
  Session,
  Climb,
  Device,
  SessionConnection,
  Route,
  Rating,
};
