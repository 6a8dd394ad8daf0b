package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestLostAccessPauses: daily posts refused for lack of access are
// counted; the subscriber hears of the first and of the pause, which comes
// on the third day in a row; a paused subscription posts nothing, shows
// as paused, and a new subscribe resumes it. Other failures do not count,
// and a post that works ends the run.
func TestLostAccessPauses(t *testing.T) {
	day := time.Date(2026, 3, 3, 8, 30, 0, 0, time.UTC) // 09:30 in Berlin
	b, store, poster := schedFixture(t, day)
	ctx := context.Background()
	sub := subscribeFixture(t, store, "09:30", "Europe/Berlin", EveryDay, "")
	sub.CreatedBy, sub.Kind = "U1", PlaceChannel
	store.PutSubscription(ctx, sub)
	paused := -1
	s := NewScheduler(b, map[string]Poster{"slack": poster}, SchedulerConfig{OnPaused: func(n int) { paused = n }})
	noAccess := fmt.Errorf("slack: post to C1: %w", errors.Join(errors.New("not_in_channel"), ErrNoAccess))

	fire := func(d int, perr error) {
		t.Helper()
		poster.err = perr
		s.Fire(ctx, sub.ID, day.AddDate(0, 0, d))
	}
	state := func() Subscription {
		t.Helper()
		got, err := store.Subscription(ctx, sub.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}

	fire(0, noAccess)
	if got := state(); got.Failures != 1 || got.Paused {
		t.Fatalf("after one refused post: %+v; want 1 failure, not paused", got)
	}
	if len(poster.direct) != 1 || poster.direct[0].channel != "U1" || !strings.Contains(poster.direct[0].reply.Text, "/invite @sdbot") {
		t.Fatalf("direct messages = %+v; want one to the subscriber with the fix", poster.direct)
	}
	fire(1, errors.New("platform said 500")) // passing: no change
	if got := state(); got.Failures != 1 {
		t.Errorf("a passing failure changed the run: %+v", got)
	}
	fire(2, nil) // worked: the run ends
	if got := state(); got.Failures != 0 {
		t.Errorf("a post that worked left %d failures", got.Failures)
	}
	for d := 3; d < 6; d++ {
		fire(d, noAccess)
	}
	if got := state(); got.Failures != 3 || !got.Paused {
		t.Fatalf("after three refused posts in a row: %+v; want paused", got)
	}
	if len(poster.direct) != 3 || !strings.Contains(poster.direct[2].reply.Title, "paused") {
		t.Errorf("direct messages = %d, last %+v; want the first failure and the pause told", len(poster.direct), poster.direct[len(poster.direct)-1].reply)
	}
	posted := len(poster.posts)
	fire(6, nil)
	if len(poster.posts) != posted {
		t.Error("a paused subscription posted")
	}
	if posts, _ := store.Posts(ctx, sub.ID); len(posts) != 6 {
		t.Errorf("%d days claimed; want 6 (none while paused)", len(posts))
	}
	if err := s.Sync(ctx); err != nil || paused != 1 {
		t.Errorf("Sync = %v, paused = %d; want 1 paused reported", err, paused)
	}

	req := b.Parse("subscriptions")
	req.Platform, req.Workspace, req.Channel = "slack", "T1", "C2"
	if r := b.Handle(ctx, req); !strings.Contains(r.Text, "paused (the bot lost access)") {
		t.Errorf("subscriptions = %q; want the subscription shown as paused", r.Text)
	}
	req = b.Parse("subscribe time:09:30 tz:Europe/Berlin")
	req.Platform, req.Workspace, req.Channel, req.CanManage = "slack", "T1", "C1", true
	req.Place = Place{Kind: PlaceChannel, Access: AccessOK}
	if r := b.Handle(ctx, req); r.Kind == KindError {
		t.Fatalf("subscribe again = %+v", r)
	}
	if got := state(); got.Paused || got.Failures != 0 {
		t.Errorf("after subscribing again: %+v; want resumed", got)
	}
}
