import { mapPgErrors } from '@clmb/common';
import type { NotificationKind, PreferencesRow } from '@clmb/drizzle/users';
import { type AnyColumn, inArray, type SQL, sql } from 'drizzle-orm';
import { schema, type UsersDb } from '../db';

const { preferences } = schema;

export type PreferencesPatch = Partial<Pick<PreferencesRow, 'boulderGradeSystemId' | 'ropeGradeSystemId' | 'showOnLeaderboards'>>;

/** Notification kinds to turn off (`mute`) or on in the app, and on (`mail`) or off by mail. */
export interface NotificationKindChanges {
  mute: NotificationKind[];
  unmute: NotificationKind[];
  mail: NotificationKind[];
  unmail: NotificationKind[];
}

const KIND = sql.raw('"users"."notification_kind"');

// Bound as text[] and cast in SQL: PGlite cannot serialise a parameter typed as an enum's array.
const kindList = (kinds: NotificationKind[]) => sql`${sql.param(kinds)}::text[]::${KIND}[]`;

// A stored list of kinds with `add` and without `remove`, in the enum's order, worked out in the
// statement itself: a concurrent change of other kinds is kept, not overwritten.
const changedKinds = (current: SQL | AnyColumn, add: NotificationKind[], remove: NotificationKind[]) =>
  sql`array(select k from unnest(enum_range(null::${KIND})) as k
      where (k = any(${current}) or k = any(${kindList(add)})) and k <> all(${kindList(remove)}))`;

export async function findPreferencesByUserIds(db: UsersDb, userIds: readonly string[]): Promise<PreferencesRow[]> {
  return await db.select().from(preferences).where(inArray(preferences.userId, [...userIds]));
}

/** Creates the user's row with the defaults and `patch` (and `kinds`), or changes them on the existing one. */
export function upsertPreferences(db: UsersDb, userId: string, patch: PreferencesPatch, kinds?: NotificationKindChanges): Promise<PreferencesRow> {
  const none = sql`'{}'::${KIND}[]`;
  const muted = (current: SQL | AnyColumn) => kinds && { mutedNotificationKinds: changedKinds(current, kinds.mute, kinds.unmute) };
  const mailed = (current: SQL | AnyColumn) => kinds && { mailedNotificationKinds: changedKinds(current, kinds.mail, kinds.unmail) };
  return mapPgErrors(async () => {
    const [row] = await db
      .insert(preferences)
      .values({ userId, ...patch, ...muted(none), ...mailed(none) })
      .onConflictDoUpdate({ target: preferences.userId, set: { ...patch, ...muted(preferences.mutedNotificationKinds), ...mailed(preferences.mailedNotificationKinds) } })
      .returning();
    if (!row) throw new Error('upsert into users.preference returned no row');
    return row;
  }, {});
}
