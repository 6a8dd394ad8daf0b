package store

import (
	"context"
	"database/sql"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sdbot/sdbot/bot"
)

func TestMigrationFiles(t *testing.T) {
	steps, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	if len(steps) < 2 {
		t.Fatalf("%d migrations; want at least the 2 the first stores had", len(steps))
	}
	for _, d := range []dialect{sqliteDialect(), postgresDialect()} {
		for _, m := range steps {
			if sql := d.sql.Replace(m.sql); strings.Contains(sql, "{{") {
				t.Errorf("%s on %s keeps a token the dialect does not know:\n%s", m.name, d.name, sql)
			}
		}
	}
}

func countMigrations(t *testing.T, s *Store) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil {
		t.Fatalf("count schema_migrations: %v", err)
	}
	return n
}

func TestMigrationsIdempotent(t *testing.T) {
	steps, _ := migrations()
	eachBackend(t, func(t *testing.T, b backend) {
		target := b.target(t)
		for range 3 {
			s := b.openAt(t, target)
			if n := countMigrations(t, s); n != len(steps) {
				t.Errorf("schema_migrations rows = %d; want %d", n, len(steps))
			}
			s.Close()
		}
	})
}

func TestNewerSchemaRefused(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		target := b.target(t)
		s := b.openAt(t, target)
		if _, err := s.db.Exec(s.d.sql.Replace(`INSERT INTO schema_migrations VALUES (99, {{now}})`)); err != nil {
			t.Fatal(err)
		}
		s.Close()
		if _, err := b.open(context.Background(), target); err == nil || !strings.Contains(err.Error(), "newer") {
			t.Errorf("Open on a newer schema = %v; want a clear refusal", err)
		}
	})
}

// TestConcurrentMigrations starts several stores on one empty database at
// once, as replicas do; each step must be applied exactly once.
func TestConcurrentMigrations(t *testing.T) {
	steps, _ := migrations()
	eachBackend(t, func(t *testing.T, b backend) {
		target := b.target(t)
		var wg sync.WaitGroup
		errs := make(chan error, 6)
		for range 6 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s, err := b.open(context.Background(), target)
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
		if n := countMigrations(t, b.openAt(t, target)); n != len(steps) {
			t.Errorf("schema_migrations has %d rows; want %d", n, len(steps))
		}
	})
}

// TestOldSQLiteDatabase opens a file that the first SQLite store made (its
// DDL verbatim, at its last version, 2) and checks the data reads back the
// same and the store keeps working on it. The first PostgreSQL store's
// schema is what the migrations make on PostgreSQL, type for type, and it
// recorded its versions the same way, so the SQLite file stands for both.
func TestOldSQLiteDatabase(t *testing.T) {
	ctx := context.Background()
	target := sqliteFile(t)
	ddl, err := os.ReadFile("testdata/v2_sqlite.sql")
	if err != nil {
		t.Fatal(err)
	}
	old, err := sql.Open("sqlite", target)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := old.Exec(string(ddl)); err != nil {
		t.Fatalf("build the old database: %v", err)
	}
	old.Close()
	s, err := OpenSQLite(ctx, target)
	if err != nil {
		t.Fatalf("OpenSQLite on the old file: %v", err)
	}
	defer s.Close()
	if steps, _ := migrations(); countMigrations(t, s) != len(steps) {
		t.Errorf("schema_migrations has %d rows after opening; want the old 2 and the later %d", countMigrations(t, s), len(steps)-2)
	}

	utc := func(d, h, m int) time.Time { return time.Date(2026, 3, d, h, m, 0, 0, time.UTC) }
	sub, err := s.Subscription(ctx, "slack:T1:C1")
	want := bot.Subscription{ID: "slack:T1:C1", Platform: "slack", Workspace: "T1", Channel: "C1", Time: "09:30",
		TZ: "Europe/Berlin", Days: bot.Weekdays5, Track: "databases", Thread: true, CreatedBy: "U1",
		CreatedAt: utc(1, 8, 0), UpdatedAt: utc(1, 9, 0)}
	if err != nil || sub != want {
		t.Errorf("Subscription = %+v, %v; want %+v", sub, err, want)
	}
	posts, err := s.Posts(ctx, "slack:T1:C1")
	wantPost := bot.Post{Subscription: "slack:T1:C1", Date: "2026-03-02", CardID: "lsm-tree", ClaimedBy: "host-a",
		ClaimedAt: utc(2, 7, 30), MessageID: "msg-1"}
	if err != nil || len(posts) != 1 || posts[0] != wantPost {
		t.Errorf("Posts = %+v, %v; want %+v", posts, err, wantPost)
	}
	answers, err := s.Answers(ctx, "slack:T1:C1", utc(2, 0, 0))
	wantAnswer := bot.QuizAnswer{Scope: "slack:T1:C1", QuizID: "bloom-filter.0.abcd", Round: "20260302", UserID: "U2",
		UserName: "ann", Choice: 2, Correct: true, At: utc(2, 10, 0), Date: "2026-03-02"}
	if err != nil || len(answers) != 1 || answers[0] != wantAnswer {
		t.Errorf("Answers = %+v, %v; want %+v", answers, err, wantAnswer)
	}
	due, err := s.DueReviews(ctx, "slack:U2", utc(5, 10, 0))
	wantReview := bot.Review{User: "slack:U2", QuizID: "bloom-filter.0.abcd", Step: 1, Due: utc(5, 10, 0)}
	if err != nil || len(due) != 1 || due[0] != wantReview {
		t.Errorf("DueReviews = %+v, %v; want %+v", due, err, wantReview)
	}

	if won, err := s.Claim(ctx, bot.Post{Subscription: "slack:T1:C1", Date: "2026-03-02", ClaimedBy: "new", ClaimedAt: utc(2, 8, 0)}); won || err != nil {
		t.Errorf("Claim of a day the old store claimed = %v, %v; want false", won, err)
	}
	if won, err := s.Claim(ctx, bot.Post{Subscription: "slack:T1:C1", Date: "2026-03-03", ClaimedBy: "new", ClaimedAt: utc(3, 8, 0)}); !won || err != nil {
		t.Errorf("Claim of the next day = %v, %v; want true", won, err)
	}
	if ok, err := s.RecordAnswer(ctx, wantAnswer); ok || err != nil {
		t.Errorf("RecordAnswer again = %v, %v; want false", ok, err)
	}
}
