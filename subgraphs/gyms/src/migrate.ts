import { runMigrations } from '@clmb/common';
import { migrationsFolder } from '@clmb/drizzle';
import { loadMigrationConfig } from './config';
import { schema } from './db';

// The deployment's one-shot migration step (compose service, Kubernetes Job).
await runMigrations('gyms', loadMigrationConfig(process.env), schema, migrationsFolder('gyms'));
