package store

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/sdbot/sdbot/bot"
)

// TestClaimAcrossProcesses runs several processes claiming the same days
// in one database; each day must be won exactly once.
func TestClaimAcrossProcesses(t *testing.T) {
	if os.Getenv("SDBOT_STORE_CLAIMER") != "" {
		return
	}
	eachBackend(t, func(t *testing.T, b backend) {
		target := b.target(t)
		s := b.openAt(t, target)
		const procs, days = 4, 20
		var cmds []*exec.Cmd
		for i := range procs {
			cmd := exec.Command(os.Args[0], "-test.run=^TestClaimHelper$")
			cmd.Env = append(os.Environ(), "SDBOT_STORE_CLAIMER="+fmt.Sprint(i), "SDBOT_STORE_BACKEND="+b.name,
				"SDBOT_STORE_TARGET="+target, fmt.Sprint("SDBOT_STORE_DAYS=", days))
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
	})
}

// TestClaimHelper is the body of one claimer process.
func TestClaimHelper(t *testing.T) {
	id := os.Getenv("SDBOT_STORE_CLAIMER")
	if id == "" {
		t.Skip("run by TestClaimAcrossProcesses")
	}
	var b backend
	for _, c := range backends() {
		if c.name == os.Getenv("SDBOT_STORE_BACKEND") {
			b = c
		}
	}
	s := b.openAt(t, os.Getenv("SDBOT_STORE_TARGET"))
	days, _ := strconv.Atoi(os.Getenv("SDBOT_STORE_DAYS"))
	for d := range days {
		date := time.Date(2026, 1, 1+d, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
		if _, err := s.Claim(context.Background(), bot.Post{Subscription: "shared", Date: date, CardID: "x", ClaimedBy: "p" + id, ClaimedAt: time.Now()}); err != nil {
			t.Fatalf("claim %s: %v", date, err)
		}
	}
}
