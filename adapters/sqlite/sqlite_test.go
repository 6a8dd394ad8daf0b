package sqlite

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sdbot/sdbot/bot"
	"github.com/sdbot/sdbot/bot/storetest"
)

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) bot.Store {
		s, err := Open(context.Background(), t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}

func TestMigrationsIdempotent(t *testing.T) {
	dir := t.TempDir()
	for range 3 {
		s, err := Open(context.Background(), dir)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		var n int
		if err := s.db.QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil || n != len(migrations) {
			t.Errorf("schema_migrations rows = %d, %v; want %d", n, err, len(migrations))
		}
		s.Close()
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	s.db.Exec(`INSERT INTO schema_migrations VALUES (99, 0)`)
	s.Close()
	if _, err := Open(context.Background(), dir); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("Open on a newer schema = %v; want a clear refusal", err)
	}
}

// TestClaimAcrossProcesses runs several processes claiming the same days
// in one database file; each day must be won exactly once.
func TestClaimAcrossProcesses(t *testing.T) {
	if os.Getenv("SDBOT_SQLITE_CLAIMER") != "" {
		return
	}
	dir := t.TempDir()
	s, err := Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const procs, days = 4, 20
	var cmds []*exec.Cmd
	for i := range procs {
		cmd := exec.Command(os.Args[0], "-test.run=^TestClaimHelper$")
		cmd.Env = append(os.Environ(), "SDBOT_SQLITE_CLAIMER="+fmt.Sprint(i), "SDBOT_SQLITE_DIR="+dir, fmt.Sprint("SDBOT_SQLITE_DAYS=", days))
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
	}
	for _, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("claimer process: %v", err)
		}
	}
	posts, err := s.Posts(context.Background(), "shared")
	if err != nil {
		t.Fatal(err)
	}
	if len(posts) != days {
		t.Fatalf("%d posts; want %d, one per day", len(posts), days)
	}
	winners := map[string]int{}
	for _, p := range posts {
		winners[p.ClaimedBy]++
	}
	t.Logf("wins per process: %v", winners)
}

// TestClaimHelper is the body of one claimer process.
func TestClaimHelper(t *testing.T) {
	id := os.Getenv("SDBOT_SQLITE_CLAIMER")
	if id == "" {
		t.Skip("run by TestClaimAcrossProcesses")
	}
	s, err := OpenFile(context.Background(), filepath.Join(os.Getenv("SDBOT_SQLITE_DIR"), FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var days int
	fmt.Sscan(os.Getenv("SDBOT_SQLITE_DAYS"), &days)
	for d := range days {
		date := time.Date(2026, 1, 1+d, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
		if _, err := s.Claim(context.Background(), bot.Post{Subscription: "shared", Date: date, CardID: "x", ClaimedBy: "p" + id, ClaimedAt: time.Now()}); err != nil {
			t.Fatalf("claim %s: %v", date, err)
		}
	}
}
