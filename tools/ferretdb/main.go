// Command ferretdb runs FerretDB v1 (the MongoDB wire protocol over SQLite, or over PostgreSQL with
// --postgresql-url) as an embedded library.
//
// Why this module exists: FerretDB's own cmd/ferretdb panics at start when built with `go install`
// because its version file is generated at release time (FerretDB issue #2982). The public
// `ferretdb` package has no such step, so arlo-sync builds this tiny wrapper instead.
//
// It prints exactly one line to stdout once the listener accepts connections:
//
//	MONGODB_URI=mongodb://127.0.0.1:PORT/
//
// and runs until SIGINT or SIGTERM, then closes every connection and the SQLite files.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// How soon a new collection's `_id` lookups stop scanning (see id_index.go).
const idLookupIndexInterval = time.Second

// FerretDB allocates much for each command (a document passes between BSON, FerretDB's own types and
// SQLite's JSON) while its live heap stays small, so Go's default (GOGC=100) collects very often; at 400
// its CPU per command is lower for a few MB more memory (`node dist/src/bench/store-gc.js` compares the
// two; README, "Latest figures"). --gc-percent, or else a GOGC in the environment, overrides it.
const defaultGCPercent = 400

func main() {
	listen := flag.String("listen-addr", "127.0.0.1:0", "TCP address to listen on (port 0 picks a free port)")
	dataDir := flag.String("data-dir", "", "directory that holds the SQLite databases (required unless --postgresql-url; created if missing)")
	postgresURL := flag.String("postgresql-url", "", "use the PostgreSQL backend at this URL (postgres://user@host:port/database) instead of SQLite")
	logLevel := flag.String("log-level", "error", "FerretDB log level: debug, info, warn or error")
	gcPercent := flag.Int("gc-percent", -1, fmt.Sprintf("Go garbage collector target percentage, as GOGC (default: GOGC if set, else %d)", defaultGCPercent))
	flag.Parse()

	switch {
	case *gcPercent >= 0:
		debug.SetGCPercent(*gcPercent)
	case os.Getenv("GOGC") == "":
		debug.SetGCPercent(defaultGCPercent)
	}
	if err := run(*listen, *dataDir, *postgresURL, *logLevel); err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: %s\n", err)
		os.Exit(1)
	}
}

func run(listen, dataDir, postgresURL, logLevel string) error {
	var level slog.Level
	if err := level.UnmarshalText([]byte(logLevel)); err != nil {
		return fmt.Errorf("--log-level %q is not one of debug, info, warn, error", logLevel)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	config := &ferretdb.Config{Listener: ferretdb.ListenerConfig{TCP: listen}, Logger: logger}
	// The SQLite folder, when that is the backend: its tables get the `_id` lookup index (id_index.go).
	var sqliteDir string
	switch {
	case postgresURL != "" && dataDir != "":
		return fmt.Errorf("give either --data-dir (SQLite) or --postgresql-url (PostgreSQL), not both")
	case postgresURL != "":
		config.Handler = "postgresql"
		config.PostgreSQLURL = postgresURL
	case dataDir == "":
		return fmt.Errorf("--data-dir is required: a directory for the SQLite files (SQLite memory mode is not used); or give --postgresql-url")
	default:
		abs, err := filepath.Abs(dataDir)
		if err != nil {
			return fmt.Errorf("cannot resolve --data-dir %q: %w", dataDir, err)
		}
		if err := os.MkdirAll(abs, 0o755); err != nil {
			return fmt.Errorf("cannot create --data-dir %q: %w", abs, err)
		}
		sqliteDir = abs
		config.Handler = "sqlite"
		// The SQLite handler wants a file: URL naming a directory, with a trailing slash.
		config.SQLiteURL = "file:" + strings.TrimSuffix(abs, "/") + "/"
	}

	db, err := ferretdb.New(config)
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	done := make(chan error, 1)
	go func() { done <- db.Run(ctx) }()
	if sqliteDir != "" {
		go keepIDLookupsIndexed(ctx, sqliteDir, idLookupIndexInterval, logger)
	}

	// MongoDBURI blocks until Run has bound the listener, so the port is known when we print.
	fmt.Printf("MONGODB_URI=%s\n", db.MongoDBURI())

	return <-done
}
