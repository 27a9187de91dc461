/** The seeded demo accounts' password. */
export const DEMO_PASSWORD = 'clmb-demo';

/**
 * The demo accounts the users service seeds (SEED_DEMO_DATA), by what they are there for: the
 * scripts and tests that log in as one take its e-mail from here.
 */
export const DEMO_ACCOUNTS = {
  admin: 'admin@clmb.dev',
  /** The climber whose months of logbook `npm start` logs. */
  climber: 'climber@clmb.dev',
  /** Climbers whose recent sends fill the first demo gym's leaderboard (ines keeps off it). */
  leaderboard: ['mara@clmb.dev', 'yusuf@clmb.dev', 'ines@clmb.dev'],
  /** Climbers who rate the demo routes beside the demo climber. */
  raters: ['sasha@clmb.dev', 'noor@clmb.dev', 'joey@clmb.dev'],
} as const;
