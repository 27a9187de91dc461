import { runMigrations } from '@clmb/common';
import { migrationsFolder } from '@clmb/drizzle';
import { loadMigrationConfig } from './config';
import { tables } from './database';

// The deployment's one-shot migration step (compose service, Kubernetes Job).
await runMigrations('gyms', loadMigrationConfig(process.env), tables, migrationsFolder('gyms'));
