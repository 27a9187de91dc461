import { patch } from '@clmb/common';
import type { NotificationKind, PreferencesRow } from '@clmb/drizzle/users';
import type { NotificationKindChanges } from '../accounts/preference-store';
import { z } from 'zod';
import { schema } from '../db';

const KINDS = schema.notificationKind.enumValues;

type Stored = Pick<PreferencesRow, 'mutedNotificationKinds' | 'mailedNotificationKinds'>;

/** One kind's choices, as `Preferences.notifications` lists them. */
export interface NotificationPreference {
  kind: NotificationKind;
  inApp: boolean;
  mail: boolean;
}

/** `UpdatePreferencesInput.notifications`: each kind at most once; of an entry, a field left out stays, null is refused. */
export const notificationPreferencesInput = z
  .array(z.object({ kind: z.enum(KINDS), inApp: patch.required(z.boolean()), mail: patch.required(z.boolean()) }))
  .max(KINDS.length, `must name each kind at most once (${KINDS.length} kinds)`)
  .refine((entries) => new Set(entries.map((entry) => entry.kind)).size === entries.length, 'must name each kind at most once');

export type NotificationPreferenceChanges = z.infer<typeof notificationPreferencesInput>;

/** Every kind, in the enum's order: in the app unless muted, by mail only if asked for. */
export const notificationPreferences = (stored: Stored): NotificationPreference[] =>
  KINDS.map((kind) => ({ kind, inApp: !stored.mutedNotificationKinds.includes(kind), mail: stored.mailedNotificationKinds.includes(kind) }));

/** What `changes` turn on and off, for the store to apply to what is stored in one statement. */
export function notificationKindChanges(changes: NotificationPreferenceChanges): NotificationKindChanges {
  const kindsWhere = (test: (entry: NotificationPreferenceChanges[number]) => boolean) => changes.filter(test).map((entry) => entry.kind);
  return {
    mute: kindsWhere((entry) => entry.inApp === false),
    unmute: kindsWhere((entry) => entry.inApp === true),
    mail: kindsWhere((entry) => entry.mail === true),
    unmail: kindsWhere((entry) => entry.mail === false),
  };
}
