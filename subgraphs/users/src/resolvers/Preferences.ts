import { ref } from '@clmb/common';
import type { PreferencesResolvers } from '../__generated__/resolvers-types';
import { notificationPreferences } from '../notifications/notification-preferences';

export const Preferences: PreferencesResolvers = {
  // References the gyms subgraph resolves through the router.
  boulderGradeSystem: (prefs) => ref('GradeSystem', prefs.boulderGradeSystemId),
  ropeGradeSystem: (prefs) => ref('GradeSystem', prefs.ropeGradeSystemId),
  notifications: (prefs) => notificationPreferences(prefs),
};
