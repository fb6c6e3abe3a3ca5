package main

// Why this file exists: FerretDB 1.24's SQLite backend looks documents up by `_id` with the SQL
// expression `_ferretdb_sjson->'$._id'`, but the unique index it creates for `_id` is on
// `_ferretdb_sjson->"_id"`. SQLite only uses an index on an expression that is written the same way, so
// every find, update and delete by `_id` scans the whole table (EXPLAIN QUERY PLAN says SCAN). Measured
// with 10,000 small documents: 56 ms per update or delete by `_id`, growing with the collection. The same
// mismatch was reported for the PostgreSQL backend (FerretDB issue #4646).
//
// The cure is an index on exactly the expression FerretDB queries with. FerretDB creates a table when a
// collection is first written, so this keeps looking: at start and then every interval, each database
// file's collections that lack the index get it. FerretDB does not list the index (it is not in its
// metadata) and drops it with the table. SQLite maintains it on every write; reads, updates and deletes
// by `_id` then SEARCH the index (about 1 ms at any size).

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the database/sql driver FerretDB itself uses
)

// idLookupIndexSuffix names our index after FerretDB's table; FerretDB's own index names are
// `<table>_<mongo index name>`, and this one cannot be created through the MongoDB protocol.
const idLookupIndexSuffix = "__arlo_sync_id_lookup"

// keepIDLookupsIndexed indexes every collection in dataDir now, then every interval until ctx ends.
func keepIDLookupsIndexed(ctx context.Context, dataDir string, interval time.Duration, logger *slog.Logger) {
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		if err := indexIDLookups(ctx, dataDir); err != nil && ctx.Err() == nil {
			logger.Error("could not index _id lookups; they still work, by scanning the table", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

// indexIDLookups adds the `_id` expression index to every collection table of every database file in
// dataDir that lacks it. It returns the first error; the next round tries again.
func indexIDLookups(ctx context.Context, dataDir string) error {
	files, err := filepath.Glob(filepath.Join(dataDir, "*.sqlite"))
	if err != nil {
		return err
	}
	var first error
	for _, file := range files {
		if err := indexDatabaseFile(ctx, file); err != nil && first == nil {
			first = fmt.Errorf("%s: %w", filepath.Base(file), err)
		}
	}
	return first
}

func indexDatabaseFile(ctx context.Context, file string) error {
	// mode=rw: never create a file (a database FerretDB just dropped must stay gone). Opened per round
	// and closed again, so a dropped and re-created database is seen as the new file it is.
	uri := "file:" + (&url.URL{Path: file}).EscapedPath() + "?mode=rw&_pragma=busy_timeout(10000)"
	db, err := sql.Open("sqlite", uri)
	if err != nil {
		return err
	}
	defer db.Close()

	tables, err := tablesWithoutIDLookupIndex(ctx, db)
	if err != nil {
		if _, statErr := os.Stat(file); os.IsNotExist(statErr) {
			return nil // Dropped meanwhile.
		}
		return err
	}
	for _, table := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`,
			table+idLookupIndexSuffix, table)
		if _, err := db.ExecContext(ctx, q); err != nil && !strings.Contains(err.Error(), "no such table") {
			return fmt.Errorf("indexing table %s: %w", table, err)
		}
	}
	return nil
}

func tablesWithoutIDLookupIndex(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, `
		SELECT c.table_name FROM _ferretdb_collections AS c
		WHERE NOT EXISTS (SELECT 1 FROM sqlite_master AS m WHERE m.type = 'index' AND m.name = c.table_name || ?)`,
		idLookupIndexSuffix)
	if err != nil {
		if strings.Contains(err.Error(), "no such table") {
			return nil, nil // A database file FerretDB has not finished creating.
		}
		return nil, err
	}
	defer rows.Close()
	var tables []string
	for rows.Next() {
		var table string
		if err := rows.Scan(&table); err != nil {
			return nil, err
		}
		tables = append(tables, table)
	}
	return tables, rows.Err()
}
