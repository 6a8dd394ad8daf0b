package postgres

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/sdbot/sdbot/bot"
	"github.com/sdbot/sdbot/bot/storetest"
)

// testURL returns a database URL with a fresh schema for one test, or
// skips when no test database is configured. .ci/run starts PostgreSQL and
// sets SDBOT_TEST_DATABASE_URL.
func testURL(t *testing.T) string {
	t.Helper()
	base := os.Getenv("SDBOT_TEST_DATABASE_URL")
	if base == "" {
		t.Skip("SDBOT_TEST_DATABASE_URL is not set: skipping the PostgreSQL tests (.ci/run starts a server and sets it)")
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect to the test database: %v", err)
	}
	defer conn.Close(ctx)
	schema := fmt.Sprintf("sdbot_test_%d", rand.Uint64())
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), base)
		if err == nil {
			c.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
			c.Close(context.Background())
		}
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

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) bot.Store {
		s, err := Open(context.Background(), testURL(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}

func TestConcurrentMigrations(t *testing.T) {
	u := testURL(t)
	var wg sync.WaitGroup
	errs := make(chan error, 6)
	for range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := Open(context.Background(), u)
			if err != nil {
				errs <- err
				return
			}
			s.Close()
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("Open racing another replica: %v", err)
	}
	s, err := Open(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var n int
	s.pool.QueryRow(context.Background(), `SELECT COUNT(*) FROM schema_migrations`).Scan(&n)
	if n != len(migrations) {
		t.Errorf("schema_migrations has %d rows; want %d", n, len(migrations))
	}
}

func TestBadURLHidesSecret(t *testing.T) {
	_, err := Open(context.Background(), "postgres://user:hunter2@127.0.0.1:1/db?sslmode=disable&connect_timeout=1")
	if err == nil {
		t.Skip("something answers on port 1")
	}
	if strings.Contains(err.Error(), "hunter2") {
		t.Errorf("error shows the password: %v", err)
	}
	if _, err := Open(context.Background(), "::not a url::"); err == nil || strings.Contains(err.Error(), "::not") {
		t.Errorf("bad URL error = %v", err)
	}
}
