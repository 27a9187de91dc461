import { fields, invalidField, isEmptyPatch, parseInput, patch, prime, requireViewer, sentFields } from '@clmb/common';
import type { Discipline, PreferencesRow, UserRow } from '@clmb/drizzle/users';
import { z } from 'zod';
import { assertAccess } from '../access';
import type { Context } from '../context';
import * as store from './preference-store';
import { viewerOf } from './users';
import { announceLeaderboards } from '../community/leaderboards';
import { findGymIdsOfUser } from '../logbook/session-store';

/** `Preferences`: a user's row, or the defaults for a user who never changed one. */
export type PreferencesParent = Pick<PreferencesRow, 'boulderGradeSystemId' | 'ropeGradeSystemId' | 'showOnLeaderboards'>;

const DEFAULTS: PreferencesParent = { boulderGradeSystemId: null, ropeGradeSystemId: null, showOnLeaderboards: false };

// Omitted keeps a field, null clears a grade system and is refused on showOnLeaderboards.
const updateInput = z.object({
  boulderGradeSystemId: patch.nullable(fields.id),
  ropeGradeSystemId: patch.nullable(fields.id),
  showOnLeaderboards: patch.required(z.boolean()),
});

const SYSTEM_FIELDS = [
  ['boulderGradeSystemId', 'BOULDER'],
  ['ropeGradeSystemId', 'ROPE'],
] as const satisfies readonly (readonly [keyof store.PreferencesPatch, Discipline])[];

export async function preferences(ctx: Context, user: UserRow): Promise<PreferencesParent> {
  assertAccess(viewerOf(ctx, user), user.id, 'preferences');
  return (await ctx.loaders.preferencesByUserId.load(user.id)) ?? DEFAULTS;
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

export async function updatePreferences(ctx: Context, args: unknown): Promise<PreferencesParent> {
  const input = parseInput(updateInput, args);
  const viewer = requireViewer(ctx.viewer);
  const changes: store.PreferencesPatch = sentFields(input);
  if (isEmptyPatch(changes)) return (await ctx.loaders.preferencesByUserId.load(viewer.id)) ?? DEFAULTS;
  await checkGradeSystems(ctx, changes);
  const row = await store.upsertPreferences(ctx.db, viewer.id, changes);
  // Joining or leaving the leaderboards changes those of every gym the climber has climbed at.
  if (changes.showOnLeaderboards !== undefined) announceLeaderboards(ctx, await findGymIdsOfUser(ctx.db, viewer.id));
  return prime(ctx.loaders.preferencesByUserId, row, viewer.id);
}
