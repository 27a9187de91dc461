/** The most members a gym's staff has (`Gym.staff`). */
export const MAX_STAFF_PER_GYM = 50;
/** The most gyms a user is staff of (`User.staffRoles`). */
export const MAX_GYMS_PER_MEMBER = 20;
