import type { DeviceRow } from '@clmb/drizzle/users';
import { and, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import { schema, type UsersDb } from '../db';

const { devices } = schema;

type NewDevice = Pick<DeviceRow, 'id' | 'userId' | 'label' | 'expiresAt'>;

const active = and(isNull(devices.revokedAt), gt(devices.expiresAt, sql`now()`));

export async function insertDevice(db: UsersDb, device: NewDevice): Promise<void> {
  await db.insert(devices).values(device);
}

/** Marks an active device as used now; null when it is revoked, expired or unknown. */
export async function touchDevice(db: UsersDb, id: string): Promise<DeviceRow | null> {
  const [row] = await db
    .update(devices)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(devices.id, id), active))
    .returning();
  return row ?? null;
}

/** The active devices of these users. */
export async function findActiveDevicesByUserIds(db: UsersDb, userIds: readonly string[]): Promise<DeviceRow[]> {
  return await db
    .select()
    .from(devices)
    .where(and(inArray(devices.userId, [...userIds]), active));
}

/** Revokes an active device (of `userId`, when given); false when there is no such device. */
export async function revokeDevice(db: UsersDb, id: string, userId?: string): Promise<boolean> {
  const revoked = await db
    .update(devices)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(devices.id, id), userId ? eq(devices.userId, userId) : undefined, active))
    .returning({ id: devices.id });
  return revoked.length > 0;
}

export async function revokeAllDevices(db: UsersDb, userId: string): Promise<void> {
  await db
    .update(devices)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(devices.userId, userId), isNull(devices.revokedAt)));
}

/** Deletes up to `limit` devices past their absolute lifetime, oldest first through the expires_at index. */
export async function pruneExpiredDevices(db: UsersDb, limit = 1000): Promise<void> {
  await db.execute(sql`
    delete from ${devices} where id in (
      select id from ${devices} where expires_at <= now() order by expires_at limit ${limit}
    )`);
}
