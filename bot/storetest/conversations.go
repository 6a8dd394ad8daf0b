package storetest

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sdbot/sdbot/bot"
)

// RunConversations checks a bot.Conversations. open returns a new, empty
// one; it is called once per subtest.
func RunConversations(t *testing.T, open func(t *testing.T) bot.Conversations) {
	t.Run("ClaimEventOnce", func(t *testing.T) { testClaimEventOnce(t, open(t)) })
	t.Run("ConcurrentEventClaims", func(t *testing.T) { testConcurrentEventClaims(t, open(t)) })
	t.Run("Threads", func(t *testing.T) { testThreads(t, open(t)) })
	t.Run("PurgeConversations", func(t *testing.T) { testPurgeConversations(t, open(t)) })
}

func testClaimEventOnce(t *testing.T, c bot.Conversations) {
	ctx := context.Background()
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	steps := []struct {
		platform, id string
		want         bool
	}{
		{"slack", "Ev1", true},
		{"slack", "Ev1", false},
		{"discord", "Ev1", true},
		{"slack", "Ev2", true},
	}
	for _, st := range steps {
		if got, err := c.ClaimEvent(ctx, st.platform, st.id, at); got != st.want || err != nil {
			t.Errorf("ClaimEvent(%s, %s) = %v, %v; want %v", st.platform, st.id, got, err, st.want)
		}
	}
}

func testConcurrentEventClaims(t *testing.T, c bot.Conversations) {
	ctx := context.Background()
	var wins atomic.Int32
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, err := c.ClaimEvent(ctx, "slack", "EvRace", time.Now())
			if err != nil {
				t.Errorf("ClaimEvent: %v", err)
			}
			if ok {
				wins.Add(1)
			}
		}()
	}
	wg.Wait()
	if wins.Load() != 1 {
		t.Errorf("%d claims of one event won; want 1", wins.Load())
	}
}

func testThreads(t *testing.T, c bot.Conversations) {
	ctx := context.Background()
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	th := bot.Thread{Platform: "slack", Workspace: "T1", Channel: "C1", ID: "1700000000.000100"}
	if _, err := c.ThreadCard(ctx, th); !errors.Is(err, bot.ErrNotFound) {
		t.Fatalf("ThreadCard(unknown) error = %v; want ErrNotFound", err)
	}
	if err := c.RememberThread(ctx, th, "kafka-internals", at); err != nil {
		t.Fatal(err)
	}
	if err := c.RememberThread(ctx, th, "consistent-hashing", at.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if id, err := c.ThreadCard(ctx, th); id != "consistent-hashing" || err != nil {
		t.Errorf("ThreadCard = %q, %v; want the last card answered there", id, err)
	}
	other := th
	other.Channel = "C2"
	if _, err := c.ThreadCard(ctx, other); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("ThreadCard(same ts, other channel) error = %v; want ErrNotFound", err)
	}
}

func testPurgeConversations(t *testing.T, c bot.Conversations) {
	ctx := context.Background()
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	old := bot.Thread{Platform: "discord", Workspace: "G", Channel: "C", ID: "1"}
	fresh := bot.Thread{Platform: "discord", Workspace: "G", Channel: "C", ID: "2"}
	c.ClaimEvent(ctx, "slack", "EvOld", at)
	c.ClaimEvent(ctx, "slack", "EvNew", at.Add(48*time.Hour))
	c.RememberThread(ctx, old, "kafka-internals", at)
	c.RememberThread(ctx, fresh, "kafka-internals", at.Add(48*time.Hour))
	n, err := c.PurgeConversations(ctx, at.Add(24*time.Hour))
	if n != 2 || err != nil {
		t.Fatalf("PurgeConversations = %d, %v; want 2 deleted", n, err)
	}
	if ok, _ := c.ClaimEvent(ctx, "slack", "EvOld", at.Add(49*time.Hour)); !ok {
		t.Error("an expired event id is still claimed")
	}
	if ok, _ := c.ClaimEvent(ctx, "slack", "EvNew", at.Add(49*time.Hour)); ok {
		t.Error("a fresh event id was purged")
	}
	if _, err := c.ThreadCard(ctx, old); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("ThreadCard(expired) error = %v; want ErrNotFound", err)
	}
	if id, _ := c.ThreadCard(ctx, fresh); id != "kafka-internals" {
		t.Errorf("ThreadCard(fresh) = %q; want it kept", id)
	}
}
