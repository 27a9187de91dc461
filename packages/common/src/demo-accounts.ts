import type { Role } from './roles';

/** A demo account the users service seeds (SEED_DEMO_DATA) with the demo password. */
interface DemoAccount {
  /** Fixed for the accounts another service seeds rows for (gyms' staff), else the database's. */
  id?: string;
  email: string;
  username: string;
  firstName: string;
  lastName: string;
  role: Role;
  /** Shown on gym leaderboards (an opt-in preference; off by default), with a PUBLIC account so anyone sees the entry. */
  showOnLeaderboards?: boolean;
}

/** The password of every demo account. */
export const DEMO_PASSWORD = 'clmb-demo';

/**
 * The demo accounts, by what they are there for: the users service seeds them, and `npm start`'s
 * demo logbook and ratings and the tests that log in as one read them from here.
 */
export const DEMO_ACCOUNTS = {
  admin: { email: 'admin@clmb.dev', username: 'admin', firstName: 'Ada', lastName: 'Admin', role: 'ADMIN' },
  /** The climber whose months of logbook `npm start` logs. */
  climber: { email: 'climber@clmb.dev', username: 'climber', firstName: 'Chris', lastName: 'Climber', role: 'CLIMBER', showOnLeaderboards: true },
  /** Climbers whose recent sends fill the first demo gym's leaderboard; ines keeps to herself (the default). */
  leaderboard: [
    { email: 'mara@clmb.dev', username: 'mara', firstName: 'Mara', lastName: 'Moonboard', role: 'CLIMBER', showOnLeaderboards: true },
    { email: 'yusuf@clmb.dev', username: 'yusuf', firstName: 'Yusuf', lastName: 'Yarder', role: 'CLIMBER', showOnLeaderboards: true },
    { email: 'ines@clmb.dev', username: 'ines', firstName: 'Ines', lastName: 'Ironcrimp', role: 'CLIMBER' },
  ],
  /**
   * Gyms' staff (docs/staff.md): the gyms service seeds their staff rows by these ids, the owner
   * as OWNER and the setter as SETTER of every demo gym.
   */
  owner: { id: 'd3e0c0de-0000-4000-8000-00000000000a', email: 'owner@clmb.dev', username: 'demo_owner', firstName: 'Olga', lastName: 'Owner', role: 'CLIMBER' },
  setter: { id: 'd3e0c0de-0000-4000-8000-00000000000b', email: 'setter@clmb.dev', username: 'demo_setter', firstName: 'Sam', lastName: 'Setter', role: 'CLIMBER' },
  /** Climbers who rate the demo routes beside the demo climber. */
  raters: [
    { email: 'sasha@clmb.dev', username: 'sasha', firstName: 'Sasha', lastName: 'Sloper', role: 'CLIMBER' },
    { email: 'noor@clmb.dev', username: 'noor', firstName: 'Noor', lastName: 'Nohands', role: 'CLIMBER' },
    { email: 'joey@clmb.dev', username: 'joey', firstName: 'Joey', lastName: 'Jugs', role: 'CLIMBER' },
  ],
} as const satisfies Record<string, DemoAccount | readonly DemoAccount[]>;

/** Every demo account, in seeding order. */
export const demoAccounts = (): readonly DemoAccount[] => Object.values(DEMO_ACCOUNTS).flat();
