import type { NotificationRow } from '@clmb/drizzle/users';
import { schema, type UsersDb } from '../db';

const { notifications } = schema;

export type NewNotification = typeof notifications.$inferInsert;

/** Writes one notification in the caller's transaction. */
export async function insertNotification(tx: UsersDb, values: NewNotification): Promise<NotificationRow> {
  const [row] = await tx.insert(notifications).values(values).returning();
  return row!;
}
