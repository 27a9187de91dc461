import type { Viewer } from '@clmb/common';
import DataLoader from 'dataloader';
import type { UsersDb } from '../db';
import { type AudienceRow, findAudience, findVisibilities } from './relation-store';

/**
 * Privacy's loader, new per request and bound to its viewer: each climber's account visibility
 * and the viewer's follow and block standing with them, one statement per batch. Null for a
 * climber with no account.
 */
export const privacyLoaders = (db: UsersDb, viewer: Viewer | null) => ({
  audienceOf: new DataLoader<string, Partial<AudienceRow> | null>(async (ownerIds) => {
    const rows: Partial<AudienceRow>[] = viewer ? await findAudience(db, viewer.id, ownerIds) : await findVisibilities(db, ownerIds);
    const byOwner = new Map(rows.map((row) => [row.ownerId, row]));
    return ownerIds.map((ownerId) => byOwner.get(ownerId) ?? null);
  }),
});
