import { envFields, loadMigrationSettings, parseEnv, requireInProduction, strongSubgraphSecretInProduction, subgraphEnv, subgraphSettings } from '@clmb/common';
import { z } from 'zod';

const schema = z
  .object({
    ...subgraphEnv('gyms', 4002),
    // Where the gyms service asks which access tokens were revoked (log out everywhere, ...), and
    // routes' ratings for planReset.
    USERS_URL: envFields.optionalUrl,
  })
  .superRefine(requireInProduction('DATABASE_URL', 'SUBGRAPH_SECRET', 'USERS_URL'))
  .superRefine(strongSubgraphSecretInProduction);

/** Everything the gyms service reads from its environment, validated once at start-up. */
export function loadConfig(env: NodeJS.ProcessEnv) {
  const e = parseEnv(schema, env);
  return { ...subgraphSettings(e), usersUrl: e.USERS_URL ?? 'http://localhost:4001/graphql' };
}

export type Config = ReturnType<typeof loadConfig>;

/** The migration step's configuration: only what reaches the database. */
export const loadMigrationConfig = (env: NodeJS.ProcessEnv) => loadMigrationSettings('gyms', env);
