import { asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { WallRow } from '@clmb/drizzle/gyms';
import { mapPgErrors } from '@clmb/common';
import { schema, type GymsDb } from '../db';

const { walls } = schema;

type NewWall = typeof walls.$inferInsert;
type WallPatch = Partial<Pick<NewWall, 'name'>>;

const constraintFields = {
  wall_gym_name_key: 'input.name',
  wall_gym_id_gym_id_fk: 'input.gymId',
};

export async function findWallsByIds(db: GymsDb, ids: readonly string[]): Promise<WallRow[]> {
  return await db.select().from(walls).where(inArray(walls.id, [...ids]));
}

/** The walls of several gyms in one statement, by name. */
export async function findWallsByGymIds(db: GymsDb, gymIds: readonly string[]): Promise<WallRow[]> {
  return await db
    .select()
    .from(walls)
    .where(inArray(walls.gymId, [...gymIds]))
    .orderBy(asc(walls.gymId), sql`lower(${walls.name})`, asc(walls.id));
}

/** How many walls the gym has; in the transaction that locked the gym (gym-store's lockGym). */
export async function countWalls(tx: GymsDb, gymId: string): Promise<number> {
  const [row] = await tx.select({ count: count() }).from(walls).where(eq(walls.gymId, gymId));
  return row?.count ?? 0;
}

export async function insertWall(db: GymsDb, values: NewWall): Promise<WallRow> {
  const [row] = await mapPgErrors(() => db.insert(walls).values(values).returning(), constraintFields);
  if (!row) throw new Error('insert into wall returned no row');
  return row;
}

/** null when no wall has this id. */
export async function updateWall(db: GymsDb, id: string, patch: WallPatch): Promise<WallRow | null> {
  const [row] = await mapPgErrors(() => db.update(walls).set(patch).where(eq(walls.id, id)).returning(), constraintFields);
  return row ?? null;
}
