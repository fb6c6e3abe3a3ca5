/**
 * What the production lane runs, pinned in one place. docker-compose.yml names the same versions
 * (test/unit/production-lane-versions.test.ts fails when the two drift).
 *
 * The Temporal server is the one Temporal CLI v1.5.1 embeds (the embedded lane's dev server), built from
 * its Go module; its go.mod has no `replace` directive, so `go install` works through the module proxy.
 */
export const TEMPORAL_SERVER_VERSION = '1.29.1';
export const TEMPORAL_SERVER_MODULE = 'go.temporal.io/server';
/** The server and its SQL schema tool (the schemas of this version are embedded in the tool). */
export const TEMPORAL_SERVER_PACKAGE = `${TEMPORAL_SERVER_MODULE}/cmd/server@v${TEMPORAL_SERVER_VERSION}`;
export const TEMPORAL_SQL_TOOL_PACKAGE = `${TEMPORAL_SERVER_MODULE}/cmd/tools/sql@v${TEMPORAL_SERVER_VERSION}`;

/** PostgreSQL from Debian's `postgresql-15` package; the compose file runs the `postgres:15` image. */
export const POSTGRESQL_MAJOR = 15;

/** History shards: fixed when a cluster is created; more than one, so shard ownership is exercised. */
export const HISTORY_SHARDS = 4;
