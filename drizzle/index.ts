import { fileURLToPath } from 'node:url';

/** Absolute path of a service's committed migrations, for drizzle's migrator. */
export const migrationsFolder = (service: 'users' | 'gyms'): string =>
  fileURLToPath(new URL(`./${service}/migrations`, import.meta.url));
