import { patch } from '@clmb/common';
import type { NotificationKind, PreferencesRow } from '@clmb/drizzle/users';
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

/** The stored lists after `changes`, kinds in the enum's order. */
export function applyNotificationPreferences(stored: Stored, changes: NotificationPreferenceChanges): Stored {
  const current = new Map(notificationPreferences(stored).map((preference) => [preference.kind, preference]));
  for (const { kind, inApp, mail } of changes) {
    const preference = current.get(kind)!;
    current.set(kind, { kind, inApp: inApp ?? preference.inApp, mail: mail ?? preference.mail });
  }
  const all = [...current.values()];
  return {
    mutedNotificationKinds: all.filter((preference) => !preference.inApp).map((preference) => preference.kind),
    mailedNotificationKinds: all.filter((preference) => preference.mail).map((preference) => preference.kind),
  };
}
