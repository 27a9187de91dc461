import { groupedLoader, keysetPageLoader, many, manyLoader, oneLoader } from '@clmb/common';
import type { GymStaffInvitationRow, GymStaffRow } from '@clmb/drizzle/gyms';
import type { GymsDb } from '../db';
import { findInvitationPages, findInvitationsByIds, type InvitationListStatus, type InvitationPosition } from './invitation-store';
import { findStaffByPairs, findStaffByUserIds, findStaffPages } from './staff-store';

/** A staff row's loader key: the gym and the user, in one string so a request asks once per pair. */
export const staffKey = (gymId: string, userId: string) => `${gymId}|${userId}`;

const pairOf = (key: string) => {
  const [gymId = '', userId = ''] = key.split('|');
  return { gymId, userId };
};

/** One page of one gym's (or invitee's) invitations of a status: `limit` is the page size plus one. */
export interface InvitationPage {
  by: 'gym' | 'user';
  parentId: string;
  status: InvitationListStatus;
  limit: number;
  after: InvitationPosition | null;
}

const invitationGroup = (key: InvitationPage) =>
  `${key.by}|${key.status}|${key.limit}|${key.after ? `${key.after.time.toISOString()}|${key.after.id}` : ''}`;

/**
 * Gym staff, new per request (see ../loaders.ts): the role of a user at a gym (every write's
 * check, so the many routes of one gym a request writes cost one statement), where a user is
 * staff, pages of a gym's staff, and staff invitations.
 */
export function staffLoaders(db: GymsDb) {
  return {
    staffMember: oneLoader<GymStaffRow>(
      (keys) => findStaffByPairs(db, keys.map(pairOf)),
      (row) => staffKey(row.gymId, row.userId),
    ),
    staffByUserId: manyLoader<GymStaffRow>((userIds) => findStaffByUserIds(db, userIds), (row) => row.userId),
    staffPages: keysetPageLoader((gymIds, limit, after) => findStaffPages(db, gymIds, limit, after), (row) => row.gymId),
    staffInvitationById: oneLoader<GymStaffInvitationRow>((ids) => findInvitationsByIds(db, ids), (row) => row.id),
    /** Gyms' and invitees' invitations newest first: pages of one status, size and cursor share a statement. */
    staffInvitationPages: groupedLoader<InvitationPage, GymStaffInvitationRow[]>({
      cacheKey: (key) => `${key.parentId}|${invitationGroup(key)}`,
      group: invitationGroup,
      load: async (keys) => {
        const { by, status, limit, after } = keys[0]!;
        const parentIds = keys.map((key) => key.parentId);
        const rows = await findInvitationPages(db, by, parentIds, status, limit, after);
        return many(parentIds, rows, (row) => (by === 'gym' ? row.gymId : (row.userId ?? '')));
      },
    }),
  };
}
