import {
  type Connection,
  fields,
  invalidField,
  isEmptyPatch,
  loadReference,
  NotFoundError,
  pageSize,
  parseAfter,
  parseId,
  parseInput,
  patch,
  present,
  prime,
  requireViewer,
  sentFields,
  toConnection,
  type PageArgs,
} from '@clmb/common';
import type { GymRow } from '@clmb/drizzle/gyms';
import { z } from 'zod';
import type { Context } from '../context';
import { OWNERS, requireAdmin, requireGymRole } from '../staff/access';
import { near } from './geometry';
import * as store from './gym-store';
import { SLUG_MAX, SLUG_PATTERN, slugify } from './slug';

/** Limits follow the column lengths in drizzle/gyms/schema.ts. */
const DESCRIPTION_MAX = 2000;

const slug = z
  .string()
  .trim()
  .toLowerCase()
  .max(SLUG_MAX, `must be at most ${SLUG_MAX} characters`)
  .regex(SLUG_PATTERN, 'must be lowercase letters, digits and single hyphens, e.g. `boulder-hall-berlin`');
const latitude = z.number().min(-90, 'must be between -90 and 90').max(90, 'must be between -90 and 90');
const longitude = z.number().min(-180, 'must be between -180 and 180').max(180, 'must be between -180 and 180');
const phone = z
  .string()
  .trim()
  .max(32, 'must be at most 32 characters')
  .regex(/^\+?[0-9][0-9 ()./-]{2,}$/, 'must be a phone number, e.g. `+49 30 1234567`');
const email = z.string().trim().pipe(fields.email);
const website = z
  .string()
  .trim()
  .max(255, 'must be at most 255 characters')
  .pipe(z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }));
/** An empty string is as good as null: no contact detail. */
const blankAsNull = <T extends z.ZodType>(schema: T) => z.union([z.literal('').transform(() => null), schema]);
const description = fields.optionalText(DESCRIPTION_MAX, { multiline: true });
/** Days before a route's planned strip time that it shows as out soon (gym_out_soon_days_range). */
const outSoonDays = z.number().int('must be a whole number').min(1, 'must be between 1 and 60').max(60, 'must be between 1 and 60');

const createInput = z.object({
  name: fields.text(64),
  slug: slug.nullish(),
  address: fields.text(128),
  city: fields.text(128),
  country: fields.text(64),
  latitude,
  longitude,
  gradeSystemId: fields.id,
  phone: blankAsNull(phone).nullish().transform((v) => v ?? null),
  email: blankAsNull(email).nullish().transform((v) => v ?? null),
  website: blankAsNull(website).nullish().transform((v) => v ?? null),
  description,
});

const updateInput = z.object({
  id: fields.id,
  name: patch.required(fields.text(64)),
  slug: patch.required(slug),
  address: patch.required(fields.text(128)),
  city: patch.required(fields.text(128)),
  country: patch.required(fields.text(64)),
  latitude: patch.required(latitude),
  longitude: patch.required(longitude),
  phone: patch.nullable(blankAsNull(phone)),
  email: patch.nullable(blankAsNull(email)),
  website: patch.nullable(blankAsNull(website)),
  description: patch.nullable(description),
  outSoonDays: patch.required(outSoonDays),
});

const byIdInput = z.object({ id: fields.id });

const filterInput = z
  .object({
    search: z.string().trim().max(100, 'must be at most 100 characters').nullish(),
    city: z.string().trim().max(128, 'must be at most 128 characters').nullish(),
    country: z.string().trim().max(64, 'must be at most 64 characters').nullish(),
    near: z
      .object({ latitude, longitude, radiusKm: z.number().positive('must be positive').max(20_000, 'must be at most 20000') })
      .nullish(),
  })
  .nullish()
  // An empty or null criterion is no filter: the store is given only the conditions that narrow.
  .transform(
    (filter): store.GymFilter => ({
      search: filter?.search || undefined,
      city: filter?.city || undefined,
      country: filter?.country || undefined,
      near: filter?.near ? near(filter.near) : undefined,
    }),
  );

/** A `gyms` cursor is the keyset `(name, id)` of the last gym of the previous page. */
const cursor = z.tuple([z.string(), z.uuid()]);

/** A page of `gyms` plus the filter that made it, so `totalCount` is counted only when asked for. */
export interface GymPage extends Connection<GymRow> {
  filter: store.GymFilter;
}

export const gym = (ctx: Context, id: unknown) => ctx.loaders.gymById.load(parseId(id));

export const gymBySlug = (ctx: Context, value: unknown) =>
  ctx.loaders.gymBySlug.load(parseInput(z.string().trim().toLowerCase().max(SLUG_MAX), value, 'slug'));

/** Keyed by id or by slug; archived gyms still resolve, so sessions logged there keep their gym. */
export function gymByReference(ctx: Context, reference: { id?: unknown; slug?: unknown }): Promise<GymRow | null> | null {
  if ('id' in reference) return loadReference(ctx.loaders.gymById, reference);
  return typeof reference.slug === 'string' ? ctx.loaders.gymBySlug.load(reference.slug) : null;
}

/** The gym of a route or a wall. */
export const gymOf = async (ctx: Context, row: { gymId: string }): Promise<GymRow> =>
  present(await ctx.loaders.gymById.load(row.gymId), `gym ${row.gymId}`);

/** The gym a new route or wall goes to: it must exist and be open, else BAD_USER_INPUT on `input.gymId`. */
export async function openGym(ctx: Context, gymId: string): Promise<GymRow> {
  const gym = await ctx.loaders.gymById.load(gymId);
  if (!gym) throw invalidField('input.gymId', 'no gym has this id');
  if (gym.archivedAt) throw invalidField('input.gymId', 'the gym is archived');
  return gym;
}

/**
 * A route's gym takes no more climbers' feedback or plans once archived: BAD_USER_INPUT on `field`
 * (the route's id), as voteRouteTags answers.
 */
export async function requireRouteGymOpen(ctx: Context, route: { gymId: string }, field: string): Promise<void> {
  if ((await ctx.loaders.gymById.load(route.gymId))?.archivedAt) throw invalidField(field, "the route's gym is archived");
}

export async function listGyms(
  ctx: Context,
  args: PageArgs & { filter?: unknown },
): Promise<GymPage> {
  const size = pageSize(args.first);
  const after = parseAfter(args.after, cursor);
  const filter = parseInput(filterInput, args.filter, 'filter');
  const rows = await store.listGyms(ctx.db, filter, size + 1, after);
  for (const row of rows) prime(ctx.loaders.gymById, row);
  return { ...toConnection(rows, size, (row) => [row.name, row.id], after !== null), filter };
}

// A COUNT over the filter is the costly part of a page: run only when a client selects it.
export const countGyms = (ctx: Context, page: GymPage) => store.countGyms(ctx.db, page.filter);

/** A new gym is an ADMIN's; it gets its first OWNER through `addGymStaff`. */
export async function createGym(ctx: Context, args: unknown): Promise<GymRow> {
  requireAdmin(ctx);
  const { slug, ...values } = parseInput(createInput, args);
  const derived = slug ?? slugify(values.name);
  if (!derived) throw invalidField('input.slug', 'cannot be derived from the name, give one');
  const gym = await store.insertGym(ctx.db, { ...values, slug: derived });
  ctx.cacheTags.changed('Gym', gym.id);
  ctx.cacheTags.setChanged('Gym');
  return prime(ctx.loaders.gymById, gym);
}

/** What `gyms` filters and sorts by, and what `gymBySlug` finds a gym by. */
const LISTED_BY = ['slug', 'name', 'address', 'city', 'country', 'latitude', 'longitude'] as const;

export async function updateGym(ctx: Context, args: unknown): Promise<GymRow> {
  requireViewer(ctx.viewer);
  const { id, ...input } = parseInput(updateInput, args);
  await requireGymRole(ctx, id, OWNERS);
  const changes = sentFields(input);
  const gym = isEmptyPatch(changes) ? await ctx.loaders.gymById.load(id) : await store.updateGym(ctx.db, id, changes);
  if (!gym) throw new NotFoundError('Gym', id);
  ctx.cacheTags.changed('Gym', gym.id);
  if (LISTED_BY.some((field) => field in changes)) ctx.cacheTags.setChanged('Gym');
  // Every standing route's `outSoon` counts the gym's days.
  if ('outSoonDays' in changes) ctx.cacheTags.changed('Route', ...(await ctx.loaders.routesByGymId.load({ gymId: gym.id, includeStripped: false, filter: {} })).map((route) => route.id));
  return prime(ctx.loaders.gymById, gym);
}

export async function archiveGym(ctx: Context, args: unknown): Promise<GymRow> {
  requireViewer(ctx.viewer);
  const { id } = parseInput(byIdInput, args);
  await requireGymRole(ctx, id, OWNERS);
  const gym = await store.archiveGym(ctx.db, id);
  if (!gym) throw new NotFoundError('Gym', id);
  ctx.cacheTags.changed('Gym', gym.id);
  ctx.cacheTags.setChanged('Gym');
  return prime(ctx.loaders.gymById, gym);
}
