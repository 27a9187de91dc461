import { asc, eq, inArray } from 'drizzle-orm';
import type { WallGradeTargetRow } from '@clmb/drizzle/gyms';
import { schema, type GymsDb } from '../db';

const { wallGradeTargets, walls } = schema;

type NewTarget = Omit<typeof wallGradeTargets.$inferInsert, 'wallId'>;

/** The targets of several walls in one statement, in the order they were set. */
export async function findTargetsByWallIds(db: GymsDb, wallIds: readonly string[]): Promise<WallGradeTargetRow[]> {
  return await db
    .select()
    .from(wallGradeTargets)
    .where(inArray(wallGradeTargets.wallId, [...wallIds]))
    .orderBy(asc(wallGradeTargets.wallId), asc(wallGradeTargets.createdAt), asc(wallGradeTargets.id));
}

/**
 * Locks the wall's row until the transaction ends, so that two saves of its targets replace them
 * one after the other (each deletes what the other inserted) instead of adding up.
 */
export async function lockWall(tx: GymsDb, wallId: string): Promise<void> {
  await tx.select({ id: walls.id }).from(walls).where(eq(walls.id, wallId)).for('no key update');
}

/** Replaces every target of the wall; in the transaction that locked it (lockWall). */
export async function replaceTargets(tx: GymsDb, wallId: string, targets: readonly NewTarget[]): Promise<WallGradeTargetRow[]> {
  await tx.delete(wallGradeTargets).where(eq(wallGradeTargets.wallId, wallId));
  if (targets.length === 0) return [];
  return await tx
    .insert(wallGradeTargets)
    .values(targets.map((target) => ({ ...target, wallId })))
    .returning();
}
