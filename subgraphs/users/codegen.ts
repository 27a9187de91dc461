/** Resolver-type settings for scripts/codegen.ts: GraphQL types map to the drizzle rows resolvers return. */
export const resolverTypes = {
  contextType: '../context#Context',
  mappers: {
    User: '@clmb/drizzle/users#UserRow',
    Session: '@clmb/drizzle/users#SessionRow',
    Climb: '@clmb/drizzle/users#ClimbRow',
    Device: '@clmb/drizzle/users#DeviceRow',
    AuthPayload: '../accounts/accounts#AuthPayloadParent',
    SessionConnection: '../logbook/session-connection#SessionConnectionParent',
    UserStats: '../stats/stats#UserStatsParent',
    Preferences: '../accounts/preferences#PreferencesParent',
    SessionSummary: '../logbook/session-summary#SessionSummaryParent',
    Gym: '../community/gym-fields#GymParent',
    LeaderboardEntry: '../community/gym-fields#LeaderboardEntryParent',
    Rating: '@clmb/drizzle/users#RatingRow',
    Route: '../community/route-fields#RouteParent',
    RatingConnection: '../community/rating-connection#RatingConnectionParent',
    Project: '@clmb/drizzle/users#ProjectRow',
    ProjectConnection: '../projects/project-fields#ProjectConnectionParent',
  },
  scalars: { DateTime: 'Date', Duration: 'string' },
};
