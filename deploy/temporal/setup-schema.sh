#!/bin/sh
# Creates Temporal's two PostgreSQL databases (persistence and SQL visibility) if missing, and brings
# their schemas to the version of the schema tool, which embeds the schemas of its own server version.
# Idempotent: safe before every start. The same script runs in both lanes:
#   docker-compose.yml          the one-shot `temporal-schema` service (temporalio/admin-tools image)
#   npm run test:production     src/devstack/production-lane/temporal-schema.ts, on this machine
# Reads the variables the server's configuration template reads: POSTGRES_SEEDS, DB_PORT, POSTGRES_USER,
# POSTGRES_PWD, and DBNAME / VISIBILITY_DBNAME (defaults temporal / temporal_visibility).
set -eu

: "${SQL_TOOL:=temporal-sql-tool}"
export SQL_PLUGIN=postgres12
export SQL_HOST="${POSTGRES_SEEDS:?set POSTGRES_SEEDS to the PostgreSQL host}"
export SQL_PORT="${DB_PORT:-5432}"
export SQL_USER="${POSTGRES_USER:?set POSTGRES_USER}"
# The tool reads the password from SQL_PASSWORD, so it never shows in a process list.
export SQL_PASSWORD="${POSTGRES_PWD:-}"

setup() {
  database=$1
  schema=$2
  echo "temporal-schema: ${database} (${schema})"
  "$SQL_TOOL" --db "$database" create-database
  "$SQL_TOOL" --db "$database" setup-schema -v 0.0
  "$SQL_TOOL" --db "$database" update-schema --schema-name "$schema"
}

setup "${DBNAME:-temporal}" postgresql/v12/temporal
setup "${VISIBILITY_DBNAME:-temporal_visibility}" postgresql/v12/visibility
echo 'temporal-schema: done'
