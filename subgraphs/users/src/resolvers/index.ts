import { DateTimeResolver, DurationResolver } from 'graphql-scalars';
import type { Resolvers } from '../__generated__/resolvers-types';
import { Climb } from './Climb';
import { Comment } from './Comment';
import { Device } from './Device';
import { FeedItem } from './FeedItem';
import { Gym } from './Gym';
import { Kudos } from './Kudos';
import { Leaderboard } from './Leaderboard';
import { LeaderboardEntry } from './LeaderboardEntry';
import { Mutation } from './Mutation';
import { Notification } from './Notification';
import { NotificationConnection } from './NotificationConnection';
import { Preferences } from './Preferences';
import { Project } from './Project';
import { Query } from './Query';
import { Rating } from './Rating';
import { Route } from './Route';
import { Session } from './Session';
import { SessionConnection } from './SessionConnection';
import { SessionSummary } from './SessionSummary';
import { User } from './User';
import { UserStats } from './UserStats';

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
  UserStats,
  Preferences,
  SessionSummary,
  Gym,
  Leaderboard,
  LeaderboardEntry,
  Route,
  Rating,
  Project,
  FeedItem,
  Kudos,
  Comment,
  Notification,
  NotificationConnection,
};
