import type { PreferencesResolvers } from '../__generated__/resolvers-types';
import * as preferences from '../accounts/preferences';

export const Preferences: PreferencesResolvers = {
  // References the gyms subgraph resolves through the router.
  boulderGradeSystem: (prefs) => preferences.gradeSystemRef(prefs.boulderGradeSystemId),
  ropeGradeSystem: (prefs) => preferences.gradeSystemRef(prefs.ropeGradeSystemId),
};
