package deadline

import (
	"context"
	"testing"
	"time"

	"github.com/sdbot/sdbot/adapters/internal/inflight"
)

func TestRace(t *testing.T) {
	t.Run("in time", func(t *testing.T) {
		got, p, ok := Race(context.Background(), time.Now().Add(time.Second), time.Second, func(context.Context) string { return "fast" })
		if !ok || p != nil || got != "fast" {
			t.Errorf("Race = %q, %v, %v; want fast in time", got, p, ok)
		}
	})
	t.Run("late", func(t *testing.T) {
		release := make(chan struct{})
		_, p, ok := Race(context.Background(), time.Now().Add(10*time.Millisecond), time.Second, func(context.Context) string {
			<-release
			return "slow"
		})
		if ok || p == nil {
			t.Fatalf("Race in time = %v; want late", ok)
		}
		var tr inflight.Tracker
		got := make(chan string, 1)
		p.Then(&tr, func(s string) { got <- s })
		close(release)
		if err := tr.Wait(context.Background()); err != nil {
			t.Fatal(err)
		}
		if s := <-got; s != "slow" {
			t.Errorf("late answer = %q", s)
		}
	})
	t.Run("deadline counts from receipt", func(t *testing.T) {
		received := time.Now().Add(-time.Second) // a lookup already took the budget
		_, _, ok := Race(context.Background(), received.Add(500*time.Millisecond), time.Second, func(context.Context) string {
			time.Sleep(50 * time.Millisecond)
			return "x"
		})
		if ok {
			t.Error("an answer after the deadline counted as in time")
		}
	})
	t.Run("work outlives a cancelled request", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		got, _, ok := Race(ctx, time.Now().Add(time.Second), time.Second, func(c context.Context) error { return c.Err() })
		if !ok || got != nil {
			t.Errorf("work context = %v; want alive", got)
		}
	})
}
