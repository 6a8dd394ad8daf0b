package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/sdbot/sdbot/bot"
	"github.com/sdbot/sdbot/bot/storetest"
)

// backend is one database the tests run against.
type backend struct {
	name string
	// target returns a fresh, empty database, a file path or a URL, or
	// skips the test when there is no such database here.
	target func(t *testing.T) string
	open   func(ctx context.Context, target string) (*Store, error)
}

// backends are SQLite, always, and PostgreSQL when SDBOT_TEST_DATABASE_URL
// names a server (.ci/run starts one and sets it).
func backends() []backend {
	return []backend{
		{name: "sqlite", target: sqliteFile, open: OpenSQLite},
		{name: "postgres", target: postgresSchema, open: OpenPostgres},
	}
}

// eachBackend runs f as a subtest per backend.
func eachBackend(t *testing.T, f func(t *testing.T, b backend)) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) { f(t, b) })
	}
}

func sqliteFile(t *testing.T) string { return filepath.Join(t.TempDir(), FileName) }

// postgresSchema returns a URL whose search_path is a fresh schema, dropped
// when the test ends.
func postgresSchema(t *testing.T) string {
	t.Helper()
	base := os.Getenv("SDBOT_TEST_DATABASE_URL")
	if base == "" {
		t.Skip("SDBOT_TEST_DATABASE_URL is not set: skipping the PostgreSQL tests (.ci/run starts a server and sets it)")
	}
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("open the test database: %v", err)
	}
	schema := fmt.Sprintf("sdbot_test_%d", rand.Uint64())
	if _, err := db.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("create a test schema: %v", err)
	}
	t.Cleanup(func() {
		db.Exec("DROP SCHEMA " + schema + " CASCADE")
		db.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// openAt opens the store at target, closing it when the test ends.
func (b backend) openAt(t *testing.T, target string) *Store {
	t.Helper()
	s, err := b.open(context.Background(), target)
	if err != nil {
		t.Fatalf("open %s store: %v", b.name, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestContract(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		storetest.Run(t, func(t *testing.T) bot.Store { return b.openAt(t, b.target(t)) })
	})
}
