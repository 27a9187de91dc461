import { loadMigrationSettings, parseEnv, requireInProduction, strongSubgraphSecretInProduction, subgraphEnv, subgraphSettings } from '@clmb/common';
import { z } from 'zod';

const schema = z.object(subgraphEnv('gyms', 4002)).superRefine(requireInProduction('DATABASE_URL', 'SUBGRAPH_SECRET'))
  .superRefine(strongSubgraphSecretInProduction);

/** Everything the gyms service reads from its environment, validated once at start-up. */
export const loadConfig = (env: NodeJS.ProcessEnv) => subgraphSettings(parseEnv(schema, env));

export type Config = ReturnType<typeof loadConfig>;

/** The migration step's configuration: only what reaches the database. */
export const loadMigrationConfig = (env: NodeJS.ProcessEnv) => loadMigrationSettings('gyms', env);
