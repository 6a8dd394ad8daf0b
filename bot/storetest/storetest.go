// Package storetest is the contract every bot.Store must meet. Each store
// adapter runs it against a real database in its own tests.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sdbot/sdbot/bot"
)

// Run checks a Store. open returns a new, empty store; it is called once
// per subtest.
func Run(t *testing.T, open func(t *testing.T) bot.Store) {
	t.Run("SubscriptionCRUD", func(t *testing.T) { testCRUD(t, open(t)) })
	t.Run("ClaimOnce", func(t *testing.T) { testClaimOnce(t, open(t)) })
	t.Run("ConcurrentClaims", func(t *testing.T) { testConcurrentClaims(t, open(t)) })
	t.Run("Posts", func(t *testing.T) { testPosts(t, open(t)) })
}

func sample(id string) bot.Subscription {
	now := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	return bot.Subscription{
		ID: id, Platform: "slack", Workspace: "T1", Channel: id + "-chan",
		Time: "09:30", TZ: "Europe/Berlin", Days: bot.Weekdays5, Track: "databases",
		Thread: true, CreatedBy: "U1", CreatedAt: now, UpdatedAt: now,
	}
}

func testCRUD(t *testing.T, s bot.Store) {
	ctx := context.Background()
	if _, err := s.Subscription(ctx, "nope"); !errors.Is(err, bot.ErrNotFound) {
		t.Fatalf("Subscription(missing) = %v; want ErrNotFound", err)
	}
	a, b := sample("b-sub"), sample("a-sub")
	for _, sub := range []bot.Subscription{a, b} {
		if err := s.PutSubscription(ctx, sub); err != nil {
			t.Fatalf("PutSubscription: %v", err)
		}
	}
	got, err := s.Subscription(ctx, "b-sub")
	if err != nil {
		t.Fatal(err)
	}
	if !equalSub(got, a) {
		t.Errorf("Subscription = %+v; want %+v", got, a)
	}
	a.Time, a.Days, a.Track, a.Thread = "17:05", bot.EveryDay, "", false
	a.UpdatedAt = a.UpdatedAt.Add(time.Hour)
	if err := s.PutSubscription(ctx, a); err != nil {
		t.Fatal(err)
	}
	all, err := s.Subscriptions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || all[0].ID != "a-sub" || !equalSub(all[1], a) {
		t.Errorf("Subscriptions = %+v; want a-sub then the updated b-sub", all)
	}
	if ok, err := s.DeleteSubscription(ctx, "a-sub"); !ok || err != nil {
		t.Errorf("DeleteSubscription = %v, %v; want true", ok, err)
	}
	if ok, err := s.DeleteSubscription(ctx, "a-sub"); ok || err != nil {
		t.Errorf("second DeleteSubscription = %v, %v; want false", ok, err)
	}
	if all, _ := s.Subscriptions(ctx); len(all) != 1 {
		t.Errorf("after delete: %d subscriptions; want 1", len(all))
	}
	if err := s.Ping(ctx); err != nil {
		t.Errorf("Ping: %v", err)
	}
}

func equalSub(a, b bot.Subscription) bool {
	return a.ID == b.ID && a.Platform == b.Platform && a.Workspace == b.Workspace && a.Channel == b.Channel &&
		a.Time == b.Time && a.TZ == b.TZ && a.Days == b.Days && a.Track == b.Track && a.Thread == b.Thread &&
		a.CreatedBy == b.CreatedBy && a.CreatedAt.Equal(b.CreatedAt) && a.UpdatedAt.Equal(b.UpdatedAt)
}

func testClaimOnce(t *testing.T, s bot.Store) {
	ctx := context.Background()
	p := bot.Post{Subscription: "s1", Date: "2026-03-02", CardID: "lsm-tree", Cycle: 0, ClaimedBy: "a", ClaimedAt: time.Unix(100, 0)}
	won, err := s.Claim(ctx, p)
	if err != nil || !won {
		t.Fatalf("first Claim = %v, %v; want true", won, err)
	}
	p.ClaimedBy, p.CardID = "b", "bloom-filter"
	if won, err := s.Claim(ctx, p); err != nil || won {
		t.Fatalf("second Claim = %v, %v; want false", won, err)
	}
	posts, err := s.Posts(ctx, "s1")
	if err != nil || len(posts) != 1 || posts[0].ClaimedBy != "a" || posts[0].CardID != "lsm-tree" {
		t.Fatalf("Posts = %+v, %v; want the first claim only", posts, err)
	}
	p.Date = "2026-03-03"
	if won, _ := s.Claim(ctx, p); !won {
		t.Errorf("claim for the next day refused")
	}
}

func testConcurrentClaims(t *testing.T, s bot.Store) {
	ctx := context.Background()
	const claimers = 16
	var wins atomic.Int32
	var wg sync.WaitGroup
	errs := make(chan error, claimers)
	for i := range claimers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			won, err := s.Claim(ctx, bot.Post{Subscription: "race", Date: "2026-03-02", CardID: "x", ClaimedBy: fmt.Sprint("c", i), ClaimedAt: time.Now()})
			if err != nil {
				errs <- err
				return
			}
			if won {
				wins.Add(1)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("Claim: %v", err)
	}
	if n := wins.Load(); n != 1 {
		t.Errorf("%d claimers won; want exactly 1", n)
	}
}

func testPosts(t *testing.T, s bot.Store) {
	ctx := context.Background()
	for i, d := range []string{"2026-03-04", "2026-03-02", "2026-03-03"} {
		if _, err := s.Claim(ctx, bot.Post{Subscription: "p", Date: d, CardID: fmt.Sprint("card", i), Cycle: i, ClaimedBy: "me", ClaimedAt: time.Unix(int64(i), 0)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.MarkPosted(ctx, "p", "2026-03-02", "msg-1", ""); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkPosted(ctx, "p", "2026-03-03", "", "429 too many requests"); err != nil {
		t.Fatal(err)
	}
	posts, err := s.Posts(ctx, "p")
	if err != nil {
		t.Fatal(err)
	}
	if len(posts) != 3 || posts[0].Date != "2026-03-02" || posts[2].Date != "2026-03-04" {
		t.Fatalf("Posts = %+v; want three, oldest first", posts)
	}
	if posts[0].MessageID != "msg-1" || posts[0].CardID != "card1" || posts[0].Cycle != 1 {
		t.Errorf("posted record = %+v", posts[0])
	}
	if posts[1].Error != "429 too many requests" || posts[1].MessageID != "" {
		t.Errorf("failed record = %+v", posts[1])
	}
	if posts, _ := s.Posts(ctx, "other"); len(posts) != 0 {
		t.Errorf("Posts(other) = %+v; want none", posts)
	}
}
