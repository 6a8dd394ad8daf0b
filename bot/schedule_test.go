package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func mustLoc(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestNextRunDST(t *testing.T) {
	tests := []struct {
		name string
		sub  Subscription
		from time.Time
		want time.Time // in UTC
	}{
		{"berlin before spring forward", Subscription{Time: "09:00", TZ: "Europe/Berlin", Days: EveryDay},
			time.Date(2026, 3, 28, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 28, 8, 0, 0, 0, time.UTC)},
		{"berlin after spring forward", Subscription{Time: "09:00", TZ: "Europe/Berlin", Days: EveryDay},
			time.Date(2026, 3, 28, 9, 0, 0, 0, time.UTC), time.Date(2026, 3, 29, 7, 0, 0, 0, time.UTC)},
		{"berlin after fall back", Subscription{Time: "09:00", TZ: "Europe/Berlin", Days: EveryDay},
			time.Date(2026, 10, 24, 12, 0, 0, 0, time.UTC), time.Date(2026, 10, 25, 8, 0, 0, 0, time.UTC)},
		{"new york across spring forward", Subscription{Time: "08:15", TZ: "America/New_York", Days: EveryDay},
			time.Date(2026, 3, 7, 14, 0, 0, 0, time.UTC), time.Date(2026, 3, 8, 12, 15, 0, 0, time.UTC)},
		{"new york across fall back", Subscription{Time: "08:15", TZ: "America/New_York", Days: EveryDay},
			time.Date(2026, 10, 31, 14, 0, 0, 0, time.UTC), time.Date(2026, 11, 1, 13, 15, 0, 0, time.UTC)},
		{"weekdays skip the weekend", Subscription{Time: "09:30", TZ: "Europe/Berlin", Days: Weekdays5},
			time.Date(2026, 3, 6, 9, 0, 0, 0, time.UTC), time.Date(2026, 3, 9, 8, 30, 0, 0, time.UTC)}, // Fri -> Mon
		{"weekend only", Subscription{Time: "10:00", TZ: "UTC", Days: Weekend},
			time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 7, 10, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		got, err := nextRun(tt.sub, tt.from)
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("%s: nextRun = %v, %v; want %v", tt.name, got.UTC(), err, tt.want)
		}
	}
}

// TestDSTGapAndOverlap pins what happens to a post inside the hour that a
// DST change skips or repeats: it is due exactly once that day.
func TestDSTGapAndOverlap(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	sub := Subscription{Time: "02:30", TZ: "Europe/Berlin", Days: EveryDay}
	// 29 March 2026 has no 02:30 in Berlin; count runs from 28 to 30 March.
	var runs []time.Time
	for t0 := time.Date(2026, 3, 28, 0, 0, 0, 0, berlin); ; {
		next, _ := nextRun(sub, t0)
		if next.After(time.Date(2026, 3, 31, 0, 0, 0, 0, berlin)) {
			break
		}
		runs, t0 = append(runs, next), next
	}
	dates := map[string]int{}
	for _, r := range runs {
		dates[r.In(berlin).Format(dateLayout)]++
	}
	for _, d := range []string{"2026-03-28", "2026-03-29", "2026-03-30"} {
		if dates[d] != 1 {
			t.Errorf("spring: %s has %d runs; want 1 (runs %v)", d, dates[d], runs)
		}
	}
	// The skipped 02:30 is made up for by catch-up shortly after the jump.
	b0, store0, poster0 := schedFixture(t, time.Time{})
	subscribeFixture(t, store0, "02:30", "Europe/Berlin", EveryDay, "")
	NewScheduler(b0, map[string]Poster{"slack": poster0}, SchedulerConfig{}).
		catchUp(context.Background(), time.Date(2026, 3, 29, 1, 31, 0, 0, time.UTC)) // 03:31 CEST
	if poster0.count() != 1 {
		t.Errorf("spring: the skipped day got %d posts by catch-up; want 1", poster0.count())
	}
	// 25 October 2026 has 02:30 twice; the claim makes it one post.
	b, store, poster := schedFixture(t, time.Date(2026, 10, 25, 0, 0, 0, 0, time.UTC))
	sub = subscribeFixture(t, store, "02:30", "Europe/Berlin", EveryDay, "")
	s := NewScheduler(b, map[string]Poster{"slack": poster}, SchedulerConfig{})
	first := time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC)  // 02:30 CEST
	second := time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC) // 02:30 CET
	for _, at := range []time.Time{first, second} {
		if _, err := s.Fire(context.Background(), sub.ID, at); err != nil {
			t.Fatal(err)
		}
	}
	if poster.count() != 1 {
		t.Errorf("fall back: %d posts; want 1", poster.count())
	}
}

// schedFixture returns a bot with an in-memory store and a fixed clock.
func schedFixture(t *testing.T, now time.Time) (*Bot, *memStore, *fakePoster) {
	t.Helper()
	testBot(t) // builds the shared index
	store := newMemStore()
	b := New(shipped, WithStore(store), WithClock(func() time.Time { return now }))
	return b, store, &fakePoster{}
}

func subscribeFixture(t *testing.T, store *memStore, at, tz string, days Weekdays, track string) Subscription {
	t.Helper()
	set := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	sub := Subscription{ID: SubscriptionID("slack", "T1", "C1"), Platform: "slack", Workspace: "T1", Channel: "C1",
		Time: at, TZ: tz, Days: days, Track: track, CreatedAt: set, UpdatedAt: set}
	if err := store.PutSubscription(context.Background(), sub); err != nil {
		t.Fatal(err)
	}
	return sub
}

func TestCatchUpGrace(t *testing.T) {
	tests := []struct {
		name  string
		now   time.Time
		grace time.Duration
		posts int
	}{
		{"inside the window", time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC), 6 * time.Hour, 1},    // due 08:30 UTC
		{"outside the window", time.Date(2026, 3, 3, 15, 0, 0, 0, time.UTC), 6 * time.Hour, 0},   // 6.5 h late
		{"before today's time", time.Date(2026, 3, 3, 7, 0, 0, 0, time.UTC), 6 * time.Hour, 0},   // yesterday's is too old
		{"weekend, no post due", time.Date(2026, 3, 7, 12, 0, 0, 0, time.UTC), 6 * time.Hour, 0}, // Saturday
		{"long grace reaches yesterday", time.Date(2026, 3, 3, 7, 0, 0, 0, time.UTC), 24 * time.Hour, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, store, poster := schedFixture(t, tt.now)
			subscribeFixture(t, store, "09:30", "Europe/Berlin", Weekdays5, "")
			s := NewScheduler(b, map[string]Poster{"slack": poster}, SchedulerConfig{Grace: tt.grace})
			s.catchUp(context.Background(), tt.now)
			s.catchUp(context.Background(), tt.now.Add(time.Minute)) // a second replica or a restart
			if poster.count() != tt.posts {
				t.Errorf("%d posts; want %d", poster.count(), tt.posts)
			}
		})
	}
}

func TestCatchUpSkipsTimesBeforeSubscribing(t *testing.T) {
	now := time.Date(2026, 3, 3, 8, 35, 0, 0, time.UTC) // 09:35 Berlin
	b, store, poster := schedFixture(t, now)
	sub := subscribeFixture(t, store, "09:30", "Europe/Berlin", EveryDay, "")
	sub.UpdatedAt = now.Add(-2 * time.Minute) // subscribed at 09:33, after today's 09:30
	store.PutSubscription(context.Background(), sub)
	NewScheduler(b, map[string]Poster{"slack": poster}, SchedulerConfig{}).catchUp(context.Background(), now)
	if poster.count() != 0 {
		t.Errorf("posted %d times for a time before the subscription existed", poster.count())
	}
}

func TestClaimedButNotPostedIsNotRetried(t *testing.T) {
	now := time.Date(2026, 3, 3, 8, 31, 0, 0, time.UTC)
	b, store, poster := schedFixture(t, now)
	sub := subscribeFixture(t, store, "09:30", "Europe/Berlin", EveryDay, "")
	// A replica claimed today and died before posting.
	store.Claim(context.Background(), Post{Subscription: sub.ID, Date: "2026-03-03", CardID: "lsm-tree", ClaimedBy: "dead"})
	s := NewScheduler(b, map[string]Poster{"slack": poster}, SchedulerConfig{})
	s.catchUp(context.Background(), now)
	if posted, _ := s.Fire(context.Background(), sub.ID, now); posted || poster.count() != 0 {
		t.Errorf("a claimed day was posted again (%d posts)", poster.count())
	}
}

func TestReplicasPostOnce(t *testing.T) {
	now := time.Date(2026, 3, 3, 8, 30, 0, 0, time.UTC)
	b, store, poster := schedFixture(t, now)
	sub := subscribeFixture(t, store, "09:30", "Europe/Berlin", EveryDay, "")
	var wg sync.WaitGroup
	for i := range 8 {
		s := NewScheduler(b, map[string]Poster{"slack": poster}, SchedulerConfig{Claimer: fmt.Sprint("replica", i)})
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.Fire(context.Background(), sub.ID, now)
		}()
	}
	wg.Wait()
	if poster.count() != 1 {
		t.Errorf("%d posts from 8 replicas; want 1", poster.count())
	}
	p := poster.posts[0]
	if p.channel != "C1" || !strings.HasPrefix(p.reply.Title, "Topic of the day: ") || len(p.reply.Buttons) == 0 {
		t.Errorf("post = %+v", p)
	}
	posts, _ := store.Posts(context.Background(), sub.ID)
	if len(posts) != 1 || posts[0].MessageID == "" {
		t.Errorf("post record = %+v; want the message id recorded", posts)
	}
}

func TestPostFailureRecorded(t *testing.T) {
	now := time.Date(2026, 3, 3, 8, 30, 0, 0, time.UTC)
	b, store, poster := schedFixture(t, now)
	sub := subscribeFixture(t, store, "09:30", "Europe/Berlin", EveryDay, "")
	poster.err = fmt.Errorf("platform said 500")
	s := NewScheduler(b, map[string]Poster{"slack": poster}, SchedulerConfig{})
	if _, err := s.Fire(context.Background(), sub.ID, now); err == nil {
		t.Error("Fire hid the post error")
	}
	poster.err = nil
	s.Fire(context.Background(), sub.ID, now.Add(time.Minute))
	posts, _ := store.Posts(context.Background(), sub.ID)
	if len(posts) != 1 || posts[0].Error == "" || poster.count() != 0 {
		t.Errorf("posts = %+v, sent %d; want one failed record and no second try", posts, poster.count())
	}
}

func TestRotation(t *testing.T) {
	b, store, poster := schedFixture(t, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	sub := subscribeFixture(t, store, "09:00", "UTC", EveryDay, "caching")
	s := NewScheduler(b, map[string]Poster{"slack": poster}, SchedulerConfig{})
	track := b.kb.Set().InCategory("caching")
	n := len(track)
	for d := range 2 * n {
		at := time.Date(2026, 1, 1+d, 9, 0, 0, 0, time.UTC)
		if ok, err := s.Fire(context.Background(), sub.ID, at); !ok || err != nil {
			t.Fatalf("day %d: Fire = %v, %v", d, ok, err)
		}
	}
	var ids []string
	for _, p := range poster.posts {
		ids = append(ids, p.reply.TopicID)
	}
	first, second := ids[:n], ids[n:]
	for _, half := range [][]string{first, second} {
		seen := map[string]bool{}
		for _, id := range half {
			if seen[id] {
				t.Errorf("card %s repeated within one pass: %v", id, ids)
			}
			seen[id] = true
		}
	}
	if !slices.Equal(first, second) {
		t.Errorf("order not stable for the channel: %v then %v", first, second)
	}
	other := channelOrder("slack:T1:C2", first)
	if slices.Equal(other, channelOrder(sub.ID, first)) {
		t.Errorf("two channels got the same order")
	}
}

func TestOrderedTrack(t *testing.T) {
	b, store, poster := schedFixture(t, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	sub := subscribeFixture(t, store, "09:00", "UTC", EveryDay, "lsm-tree, bloom-filter,cap-theorem")
	s := NewScheduler(b, map[string]Poster{"slack": poster}, SchedulerConfig{})
	for d := range 4 {
		s.Fire(context.Background(), sub.ID, time.Date(2026, 1, 1+d, 9, 0, 0, 0, time.UTC))
	}
	var ids []string
	for _, p := range poster.posts {
		ids = append(ids, p.reply.TopicID)
	}
	want := []string{"lsm-tree", "bloom-filter", "cap-theorem", "lsm-tree"}
	if !slices.Equal(ids, want) {
		t.Errorf("posted %v; want %v", ids, want)
	}
}

func TestSchedulerRunSyncs(t *testing.T) {
	b, store, poster := schedFixture(t, time.Now())
	subscribeFixture(t, store, "09:00", "UTC", EveryDay, "")
	s := NewScheduler(b, map[string]Poster{"slack": poster}, SchedulerConfig{Reload: 10 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- s.Run(ctx) }()
	deadline := time.Now().Add(5 * time.Second)
	for {
		s.mu.Lock()
		n := len(s.entries)
		s.mu.Unlock()
		if n == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("subscription never scheduled")
		}
		time.Sleep(5 * time.Millisecond)
	}
	store.DeleteSubscription(context.Background(), SubscriptionID("slack", "T1", "C1"))
	for {
		s.mu.Lock()
		n := len(s.entries)
		s.mu.Unlock()
		if n == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("deleted subscription still scheduled")
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run = %v", err)
	}
}

func TestStoreFailsMidClaim(t *testing.T) {
	now := time.Date(2026, 3, 3, 8, 30, 0, 0, time.UTC)
	for _, tt := range []struct {
		fault string
		posts int // after a later catch-up
	}{
		{"before", 1}, // nothing was recorded: the catch-up posts once
		{"after", 0},  // the claim landed but its reply was lost: at most once means no post
	} {
		t.Run(tt.fault, func(t *testing.T) {
			b, store, poster := schedFixture(t, now)
			sub := subscribeFixture(t, store, "09:30", "Europe/Berlin", EveryDay, "")
			var results []string
			s := NewScheduler(b, map[string]Poster{"slack": poster}, SchedulerConfig{OnPost: func(r string) { results = append(results, r) }})
			store.claimFault = tt.fault
			if posted, err := s.Fire(context.Background(), sub.ID, now); posted || err == nil {
				t.Errorf("Fire with a failing store = %v, %v; want an error and no post", posted, err)
			}
			if poster.count() != 0 {
				t.Fatalf("posted despite the failed claim")
			}
			s.catchUp(context.Background(), now.Add(time.Minute))
			s.catchUp(context.Background(), now.Add(2*time.Minute))
			if poster.count() != tt.posts {
				t.Errorf("%d posts after catch-up; want %d (results %v)", poster.count(), tt.posts, results)
			}
		})
	}
}

func TestDailyPostIsAConversation(t *testing.T) {
	now := time.Date(2026, 3, 3, 8, 30, 0, 0, time.UTC)
	testBot(t) // builds the shared index
	store, conv, poster := newMemStore(), newMemConversations(), &fakePoster{}
	b := New(shipped, WithStore(store), WithConversations(conv), WithClock(func() time.Time { return now }))
	sub := subscribeFixture(t, store, "09:30", "Europe/Berlin", EveryDay, "bloom-filter")
	s := NewScheduler(b, map[string]Poster{"slack": poster}, SchedulerConfig{})
	if ok, err := s.Fire(context.Background(), sub.ID, now); !ok || err != nil {
		t.Fatalf("Fire = %v, %v", ok, err)
	}
	posts, _ := store.Posts(context.Background(), sub.ID)
	if len(posts) != 1 || posts[0].MessageID == "" || posts[0].CardID != "bloom-filter" {
		t.Fatalf("posts = %+v; want the bloom filter posted", posts)
	}
	said := func(text, thread string) Reply {
		req := b.Parse(text)
		req.Platform, req.Workspace, req.Channel, req.User = "slack", "T1", "C1", User{ID: "U2"}
		req.Said, req.Thread = true, thread
		return b.Handle(context.Background(), req)
	}
	if r := said("more", posts[0].MessageID); r.Kind != KindAnswer || r.TopicID != "bloom-filter" || len(r.Text) <= len(mustCard(t, b, "bloom-filter").Summary) {
		t.Errorf("more under the daily post = %s %q (topic %q); want the whole bloom filter card", r.Kind, r.Title, r.TopicID)
	}
	const vague = "can it remove items?"
	if r := said(vague, ""); r.Kind != KindNoAnswer {
		t.Fatalf("%q alone = %s %q; the test needs a question refused alone", vague, r.Kind, r.Title)
	}
	if r := said(vague, posts[0].MessageID); r.TopicID != "bloom-filter" || !strings.Contains(r.Footer, "follow-up") {
		t.Errorf("%q under the daily post = %s %q (footer %q); want a follow-up on the bloom filter", vague, r.Kind, r.TopicID, r.Footer)
	}

	// A failed post is no conversation.
	poster.err = fmt.Errorf("platform said 500")
	s.Fire(context.Background(), sub.ID, now.Add(24*time.Hour))
	conv.mu.Lock()
	n := len(conv.threads)
	conv.mu.Unlock()
	if n != 1 {
		t.Errorf("%d conversations remembered after one post and one failure; want 1", n)
	}
}
