import { fields } from '@clmb/common';
import { z } from 'zod';
import { SLUG_MAX, SLUG_PATTERN } from './slug';

/** Limits follow the column lengths in drizzle/gyms/schema.ts. */
const DESCRIPTION_MAX = 2000;

/** For updates: left out keeps the value, null or blank clears it. */
const clearableText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .nullish()
    .transform((v) => (v === undefined ? undefined : v || null));

const nullable = <T extends z.ZodType>(schema: T) =>
  z.union([z.literal('').transform(() => null), schema]).nullish();

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

const gradeValue = fields.text(32);
const difficultyOrder = z.number().int().min(0).max(1_000_000);

export const createGradeSystemInput = z
  .object({
    name: fields.text(64),
    description: fields.optionalText(DESCRIPTION_MAX),
    grades: z
      .array(z.object({ value: gradeValue, difficultyOrder }))
      .min(1, 'must have at least one grade')
      .max(200, 'must have at most 200 grades'),
  })
  .superRefine(({ grades }, ctx) => {
    const values = new Set<string>();
    const orders = new Set<number>();
    grades.forEach((grade, i) => {
      if (values.has(grade.value)) ctx.addIssue({ code: 'custom', path: ['grades', i, 'value'], message: 'is used twice' });
      if (orders.has(grade.difficultyOrder))
        ctx.addIssue({ code: 'custom', path: ['grades', i, 'difficultyOrder'], message: 'is used twice' });
      values.add(grade.value);
      orders.add(grade.difficultyOrder);
    });
  });

export const createGymInput = z.object({
  name: fields.text(64),
  slug: slug.nullish(),
  address: fields.text(128),
  city: fields.text(128),
  country: fields.text(64),
  latitude,
  longitude,
  gradeSystemId: fields.id,
  phone: nullable(phone).transform((v) => v ?? null),
  email: nullable(email).transform((v) => v ?? null),
  website: nullable(website).transform((v) => v ?? null),
  description: fields.optionalText(DESCRIPTION_MAX),
});

export const updateGymInput = z.object({
  id: fields.id,
  name: fields.text(64).optional(),
  slug: slug.optional(),
  address: fields.text(128).optional(),
  city: fields.text(128).optional(),
  country: fields.text(64).optional(),
  latitude: latitude.optional(),
  longitude: longitude.optional(),
  phone: nullable(phone),
  email: nullable(email),
  website: nullable(website),
  description: clearableText(DESCRIPTION_MAX),
});

export const byIdInput = z.object({ id: fields.id });

export const createRouteInput = z.object({
  gymId: fields.id,
  gradeId: fields.id,
  colour: fields.text(32),
  name: fields.optionalText(64),
  setAt: fields.dateTime.nullish().transform((v) => v ?? undefined),
});

export const updateRouteInput = z.object({
  id: fields.id,
  gradeId: fields.id.optional(),
  colour: fields.text(32).optional(),
  name: clearableText(64),
});

export const stripRouteInput = z.object({
  id: fields.id,
  strippedAt: fields.dateTime.nullish().transform((v) => v ?? null),
});

export const gymFilterInput = z
  .object({
    search: z.string().trim().max(100, 'must be at most 100 characters').nullish(),
    city: z.string().trim().max(128, 'must be at most 128 characters').nullish(),
    country: z.string().trim().max(64, 'must be at most 64 characters').nullish(),
    near: z
      .object({
        latitude,
        longitude,
        radiusKm: z.number().positive('must be positive').max(20_000, 'must be at most 20000'),
      })
      .nullish(),
  })
  .nullish()
  .transform((filter) => ({
    search: filter?.search || undefined,
    city: filter?.city || undefined,
    country: filter?.country || undefined,
    near: filter?.near ?? undefined,
  }));
