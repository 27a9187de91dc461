/** What the fixture builders take (specs; left-out fields get defaults) and what they return. */
export interface GradeSystemSpec {
  name?: string;
  description?: string;
  /** Grade values, easiest first. */
  grades?: string[];
  /** BOULDER unless given. */
  discipline?: 'BOULDER' | 'ROPE';
  /** Each grade's difficulty-scale value, by position in `grades`; 100, 110, 120 … unless given. */
  scales?: number[];
}
export interface GymSpec {
  gradeSystemId: string;
  name?: string;
  slug?: string;
  address?: string;
  city?: string;
  country?: string;
  latitude?: number;
  longitude?: number;
  phone?: string;
  email?: string;
  website?: string;
  description?: string;
}
export interface RouteSpec {
  gymId: string;
  gradeId: string;
  colour?: string;
  name?: string;
  setAt?: string;
  wallId?: string;
  plannedStripAt?: string;
}
export interface UserSpec {
  username?: string;
  email?: string;
  password?: string;
  firstName?: string;
  lastName?: string;
}
export interface SessionSpec {
  gymId: string;
  name?: string;
  startTime?: string;
}
export interface EndSessionSpec {
  endTime?: string;
  notes?: string;
  mood?: string;
  energy?: string;
}
export interface ClimbSpec {
  sessionId: string;
  routeId: string;
  attempts?: number;
  sent?: boolean;
  style?: string;
  notes?: string;
}

export interface GradeSystem {
  id: string;
  name: string;
  grades: { id: string; value: string }[];
}
export interface GymWithRoutes {
  gymId: string;
  gradeSystemId: string;
  routeIds: string[];
  grades: { id: string; value: string }[];
}
export interface Auth {
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: string;
  user: { id: string; username: string; role: string };
}
