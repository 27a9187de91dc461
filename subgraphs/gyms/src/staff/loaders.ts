import { keysetPageLoader, manyLoader, oneLoader } from '@clmb/common';
import type { GymStaffRow } from '@clmb/drizzle/gyms';
import type { GymsDb } from '../db';
import { findStaffByPairs, findStaffByUserIds, findStaffPages } from './staff-store';

/** A staff row's loader key: the gym and the user, in one string so a request asks once per pair. */
export const staffKey = (gymId: string, userId: string) => `${gymId}|${userId}`;

const pairOf = (key: string) => {
  const [gymId = '', userId = ''] = key.split('|');
  return { gymId, userId };
};

/**
 * Gym staff, new per request (see ../loaders.ts): the role of a user at a gym (every write's
 * check, so the many routes of one gym a request writes cost one statement), where a user is
 * staff, and pages of a gym's staff.
 */
export function staffLoaders(db: GymsDb) {
  return {
    staffMember: oneLoader<GymStaffRow>(
      (keys) => findStaffByPairs(db, keys.map(pairOf)),
      (row) => staffKey(row.gymId, row.userId),
    ),
    staffByUserId: manyLoader<GymStaffRow>((userIds) => findStaffByUserIds(db, userIds), (row) => row.userId),
    staffPages: keysetPageLoader((gymIds, limit, after) => findStaffPages(db, gymIds, limit, after), (row) => row.gymId),
  };
}
