import { mapPgErrors } from '@clmb/common';
import type { PreferencesRow } from '@clmb/drizzle/users';
import { inArray } from 'drizzle-orm';
import { schema, type UsersDb } from '../db';

const { preferences } = schema;

export type PreferencesPatch = Partial<
  Pick<PreferencesRow, 'boulderGradeSystemId' | 'ropeGradeSystemId' | 'showOnLeaderboards' | 'mutedNotificationKinds' | 'mailedNotificationKinds'>
>;

export async function findPreferencesByUserIds(db: UsersDb, userIds: readonly string[]): Promise<PreferencesRow[]> {
  return await db.select().from(preferences).where(inArray(preferences.userId, [...userIds]));
}

/** Creates the user's row with the defaults and `patch`, or changes `patch` on the existing one. */
export function upsertPreferences(db: UsersDb, userId: string, patch: PreferencesPatch): Promise<PreferencesRow> {
  return mapPgErrors(async () => {
    const [row] = await db
      .insert(preferences)
      .values({ userId, ...patch })
      .onConflictDoUpdate({ target: preferences.userId, set: patch })
      .returning();
    if (!row) throw new Error('upsert into users.preference returned no row');
    return row;
  }, {});
}
