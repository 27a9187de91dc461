#!/usr/bin/env bash
# Runs once, when the Postgres data directory is first initialised (docker-entrypoint-initdb.d).
# One login role, one database and, in it, one schema per service, each owned by that service's
# role. No role is granted anything on another service's database, so the users role cannot
# read the gyms schema and vice versa (it cannot even connect to the gyms database).
#
# The role owns its database because the migrator runs `CREATE SCHEMA IF NOT EXISTS <service>`,
# and Postgres checks the CREATE privilege on the database even when the schema already exists.
#
# Passwords come from USERS_DB_PASSWORD and GYMS_DB_PASSWORD. CLMB_DB_PREFIX (default empty)
# prefixes role and database names, so a test can provision a shared server without clashing;
# the schema keeps the service's name, which its tables are defined in. The same file is the dev
# Kubernetes overlay's init script (k8s/overlays/dev/postgres/); a test keeps the copies equal.
set -euo pipefail

for service in users gyms; do
  password_var="${service^^}_DB_PASSWORD"
  password="${!password_var:?$password_var must be set}"
  name="${CLMB_DB_PREFIX:-}$service"
  psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    --set service="$service" --set name="$name" --set password="$password" <<'SQL'
CREATE ROLE :"name" LOGIN PASSWORD :'password';
CREATE DATABASE :"name" OWNER :"name";
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
\connect :"name"
CREATE SCHEMA :"service" AUTHORIZATION :"name";
ALTER ROLE :"name" IN DATABASE :"name" SET search_path = :"service";
REVOKE ALL ON SCHEMA public FROM PUBLIC;
SQL
done
