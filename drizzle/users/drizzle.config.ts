import { defineConfig } from 'drizzle-kit';

// Migrations are generated here and applied by the service at start (or by its migration step);
// the journal lives inside the service's own schema, so the two services never share a table.
export default defineConfig({
  dialect: 'postgresql',
  schema: './users/schema.ts',
  out: './users/migrations',
  schemaFilter: ['users'],
  migrations: { schema: 'users', table: '__drizzle_migrations' },
  casing: 'snake_case',
});
