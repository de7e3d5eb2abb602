#!/usr/bin/env bash
# One database and one login role per service, each owning only its own database. Run once by the
# postgres image on an empty data directory (/docker-entrypoint-initdb.d/), or by hand against any
# PostgreSQL as a superuser: PGHOST/PGPORT/PGUSER select the server, the passwords come from the
# environment (never from this file).
set -euo pipefail
: "${MOSAIC_AUTH_DB_PASSWORD:?set MOSAIC_AUTH_DB_PASSWORD}"
: "${MOSAIC_JOBS_DB_PASSWORD:?set MOSAIC_JOBS_DB_PASSWORD}"

create() { # role/database name, password
  psql -v ON_ERROR_STOP=1 --no-psqlrc --dbname "${POSTGRES_DB:-postgres}" \
       --set=name="$1" --set=password="$2" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'name', :'password')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'name') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'name', :'name')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'name') \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'name') \gexec
SQL
}
create mosaic_auth "$MOSAIC_AUTH_DB_PASSWORD"
create mosaic_jobs "$MOSAIC_JOBS_DB_PASSWORD"
