import { timestamp } from 'drizzle-orm/pg-core';

/** Every table's bookkeeping columns; `modified_at` is bumped by drizzle on each update. */
export const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
  modifiedAt: timestamp('modified_at', { withTimezone: true })
    .defaultNow()
    .notNull()
    .$onUpdate(() => new Date()),
};
