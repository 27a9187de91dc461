/** Resolver-type settings for scripts/codegen.ts: GraphQL types map to the drizzle rows resolvers return. */
export const resolverTypes = {
  contextType: '../context#Context',
  mappers: {
    User: '@clmb/drizzle/users#UserRow',
    Session: '@clmb/drizzle/users#SessionRow',
    Climb: '@clmb/drizzle/users#ClimbRow',
    Device: '@clmb/drizzle/users#DeviceRow',
    AuthPayload: '../accounts#AuthPayloadParent',
    SessionConnection: '../session-connection#SessionConnectionParent',
    UserStats: '../stats#UserStatsParent',
    Preferences: '../preferences#PreferencesParent',
    SessionSummary: '../session-summary#SessionSummaryParent',
    Gym: '../gym-stats#GymParent',
    LeaderboardEntry: '../gym-stats-store#LeaderboardRow',
    Rating: '@clmb/drizzle/users#RatingRow',
    Route: '../routes#RouteParent',
    RatingConnection: '../rating-connection#RatingConnectionParent',
  },
  scalars: { DateTime: 'Date', Duration: 'string' },
};
