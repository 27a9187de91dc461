import { fields, invalidField, isEmptyPatch, parseInput, patch, prime, requireViewer, sentFields, UnauthenticatedError } from '@clmb/common';
import type { Discipline, PreferencesRow, UserRow } from '@clmb/drizzle/users';
import { z } from 'zod';
import { assertAccess } from '../access';
import type { Context } from '../context';
import { schema } from '../db';
import { notificationKindChanges, notificationPreferencesInput } from '../notifications/notification-preferences';
import * as store from './preference-store';
import { setVisibility } from './user-store';
import { viewerOf, viewerRow } from './users';
import { announceLeaderboards } from '../community/leaderboards';
import { findGymIdsOfUser } from '../logbook/session-store';

/** `Preferences`: a user's row, or the defaults for a user who never changed one, with the account's visibility. */
export type PreferencesParent = Pick<
  PreferencesRow,
  'boulderGradeSystemId' | 'ropeGradeSystemId' | 'showOnLeaderboards' | 'mutedNotificationKinds' | 'mailedNotificationKinds'
> &
  Pick<UserRow, 'visibility'>;

type PreferenceColumns = Omit<PreferencesParent, 'visibility'>;

const DEFAULTS: PreferenceColumns = {
  boulderGradeSystemId: null,
  ropeGradeSystemId: null,
  showOnLeaderboards: false,
  mutedNotificationKinds: [],
  mailedNotificationKinds: [],
};

/** The preferences' columns, stored or default, with the visibility of the account. */
const withVisibility = (row: PreferenceColumns | null, user: Pick<UserRow, 'visibility'>): PreferencesParent => {
  const { boulderGradeSystemId, ropeGradeSystemId, showOnLeaderboards, mutedNotificationKinds, mailedNotificationKinds } = row ?? DEFAULTS;
  return { boulderGradeSystemId, ropeGradeSystemId, showOnLeaderboards, mutedNotificationKinds, mailedNotificationKinds, visibility: user.visibility };
};

// Omitted keeps a field, null clears a grade system and is refused on showOnLeaderboards and visibility.
const updateInput = z.object({
  boulderGradeSystemId: patch.nullable(fields.id),
  ropeGradeSystemId: patch.nullable(fields.id),
  showOnLeaderboards: patch.required(z.boolean()),
  visibility: patch.required(z.enum(schema.visibility.enumValues)),
  notifications: patch.required(notificationPreferencesInput),
});

const SYSTEM_FIELDS = [
  ['boulderGradeSystemId', 'BOULDER'],
  ['ropeGradeSystemId', 'ROPE'],
] as const satisfies readonly (readonly [keyof store.PreferencesPatch, Discipline])[];

export async function preferences(ctx: Context, user: UserRow): Promise<PreferencesParent> {
  assertAccess(viewerOf(ctx, user), user.id, 'preferences');
  return withVisibility(await ctx.loaders.preferencesByUserId.load(user.id), user);
}

/** Each grade system named must exist in gyms, of the field's discipline (asked fresh, not from the cache). */
async function checkGradeSystems(ctx: Context, changes: store.PreferencesPatch): Promise<void> {
  const named = SYSTEM_FIELDS.filter(([field]) => changes[field]);
  if (named.length === 0) return;
  const systems = await ctx.gyms.gradeSystems();
  for (const [field, discipline] of named) {
    const system = systems.find((s) => s.id === changes[field]);
    if (system?.discipline !== discipline) {
      throw invalidField(`input.${field}`, `no ${discipline} grade system with this id`);
    }
  }
}

/** The account's visibility is the user row's, the rest the preferences row's: both change in one transaction. */
export async function updatePreferences(ctx: Context, args: unknown): Promise<PreferencesParent> {
  const { visibility, notifications, ...input } = parseInput(updateInput, args);
  const viewer = requireViewer(ctx.viewer);
  const user = await viewerRow(ctx);
  const changes: store.PreferencesPatch = sentFields(input);
  const kinds = notifications?.length ? notificationKindChanges(notifications) : undefined;
  if (isEmptyPatch(changes) && !kinds && !visibility) return withVisibility(await ctx.loaders.preferencesByUserId.load(viewer.id), user);
  await checkGradeSystems(ctx, changes);
  const [row, account] = await ctx.db.transaction(async (tx) => [
    isEmptyPatch(changes) && !kinds ? null : await store.upsertPreferences(tx, viewer.id, changes, kinds),
    visibility ? await setVisibility(tx, viewer.id, visibility) : user,
  ]);
  if (!account) throw new UnauthenticatedError('Your account no longer exists.');
  if (row) prime(ctx.loaders.preferencesByUserId, row, viewer.id);
  if (visibility) {
    prime(ctx.loaders.userById, account);
    ctx.loaders.audienceOf.clear(viewer.id);
  }
  // Joining or leaving the leaderboards, or showing them to others or not, changes those of every
  // gym the climber has climbed at.
  if (changes.showOnLeaderboards !== undefined || visibility) announceLeaderboards(ctx, await findGymIdsOfUser(ctx.db, viewer.id));
  return withVisibility(row ?? (await ctx.loaders.preferencesByUserId.load(viewer.id)), account);
}
