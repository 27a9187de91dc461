/** Resolver-type settings for scripts/codegen.ts: GraphQL types map to the drizzle rows resolvers return. */
export const resolverTypes = {
  contextType: '../context#Context',
  mappers: {
    GradeSystem: '@clmb/drizzle/gyms#GradeSystemRow',
    Grade: '@clmb/drizzle/gyms#GradeRow',
    Gym: '@clmb/drizzle/gyms#GymRow',
    Route: '@clmb/drizzle/gyms#RouteRow',
    Wall: '@clmb/drizzle/gyms#WallRow',
    RouteReport: '@clmb/drizzle/gyms#RouteReportRow',
    GradeTarget: '@clmb/drizzle/gyms#WallGradeTargetRow',
    // A page carries its filter so totalCount is computed only when selected.
    GymConnection: '../gyms/gyms#GymPage',
    GymStaffMember: '@clmb/drizzle/gyms#GymStaffRow',
    GymStaffRole: '@clmb/drizzle/gyms#GymStaffRow',
    GymStaffInvitation: '@clmb/drizzle/gyms#GymStaffInvitationRow',
    User: '../staff/staff#UserParent',
  },
  scalars: { DateTime: 'Date' },
};
