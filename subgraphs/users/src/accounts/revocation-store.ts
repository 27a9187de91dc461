import { lt, sql } from 'drizzle-orm';
import { executeRows, schema, type UsersDb } from '../db';

const { deviceRevocations, tokenRevocations } = schema;

interface RevocationRow {
  userId: string;
  generation: number;
  revokedAt: Date;
}

/** Records a user's latest token generation; the caller raised it in the same transaction. */
export async function upsertRevocation(db: UsersDb, userId: string, generation: number): Promise<RevocationRow> {
  const [row] = await db
    .insert(tokenRevocations)
    .values({ userId, generation, revokedAt: sql`now()` })
    .onConflictDoUpdate({ target: tokenRevocations.userId, set: { generation, revokedAt: sql`now()` } })
    .returning();
  if (!row) throw new Error('upsert into users.token_revocation returned no row');
  return row;
}

interface DeviceRevocationRow {
  deviceId: string;
  revokedAt: Date;
}

/** Records that a device was logged out; the caller revoked the device in the same transaction. */
export async function insertDeviceRevocation(db: UsersDb, deviceId: string): Promise<DeviceRevocationRow> {
  const [row] = await db
    .insert(deviceRevocations)
    .values({ deviceId, revokedAt: sql`now()` })
    .onConflictDoUpdate({ target: deviceRevocations.deviceId, set: { revokedAt: sql`now()` } })
    .returning();
  if (!row) throw new Error('upsert into users.device_revocation returned no row');
  return row;
}

/**
 * Revocations (of users' generations and of devices) after `after`, and the database's time they are complete up to, in one statement:
 * an aggregate always answers one row, revocations or not. As JSON text, so both drivers
 * (postgres-js and PGlite) hand back the same thing.
 */
export async function findRevocationsAfter(
  db: UsersDb,
  after: Date,
): Promise<{ asOf: Date; revocations: RevocationRow[]; devices: DeviceRevocationRow[] }> {
  const since = sql`${after.toISOString()}::timestamptz`;
  const [row] = await executeRows<{ feed: string }>(db, sql`
    select json_build_object(
      'asOf', now(),
      'rows', (select coalesce(json_agg(json_build_object('userId', r.user_id, 'generation', r.generation, 'revokedAt', r.revoked_at)), '[]'::json)
        from ${tokenRevocations} r where r.revoked_at > ${since}),
      'devices', (select coalesce(json_agg(json_build_object('deviceId', d.device_id, 'revokedAt', d.revoked_at)), '[]'::json)
        from ${deviceRevocations} d where d.revoked_at > ${since})
    )::text as feed`);
  const feed = JSON.parse(row?.feed ?? '{}') as {
    asOf: string;
    rows: { userId: string; generation: number; revokedAt: string }[];
    devices: { deviceId: string; revokedAt: string }[];
  };
  return {
    asOf: new Date(feed.asOf),
    revocations: feed.rows.map((r) => ({ ...r, revokedAt: new Date(r.revokedAt) })),
    devices: feed.devices.map((d) => ({ ...d, revokedAt: new Date(d.revokedAt) })),
  };
}

/** Forgets revocations older than any access token still alive. */
export async function pruneRevocations(db: UsersDb, before: Date): Promise<void> {
  await db.delete(tokenRevocations).where(lt(tokenRevocations.revokedAt, before));
  await db.delete(deviceRevocations).where(lt(deviceRevocations.revokedAt, before));
}
