// Package storetest is the contract every bot.Store must meet. The store
// adapter runs it against each real database it supports in its own tests.
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
	t.Run("Answers", func(t *testing.T) { testAnswers(t, open(t)) })
	t.Run("ConcurrentAnswers", func(t *testing.T) { testConcurrentAnswers(t, open(t)) })
	t.Run("Reviews", func(t *testing.T) { testReviews(t, open(t)) })
	t.Run("Votes", func(t *testing.T) { testVotes(t, open(t)) })
	t.Run("ConcurrentVotes", func(t *testing.T) { testConcurrentVotes(t, open(t)) })
	t.Run("Unanswered", func(t *testing.T) { testUnanswered(t, open(t)) })
	t.Run("PurgeQuestions", func(t *testing.T) { testPurgeQuestions(t, open(t)) })
}

func testAnswers(t *testing.T, s bot.Store) {
	ctx := context.Background()
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	a := bot.QuizAnswer{Scope: "slack:T:C", QuizID: "bloom-filter.0.abcd", Round: "20260302", UserID: "U1", UserName: "ann",
		Choice: 2, Correct: true, At: at, Date: "2026-03-02"}
	if ok, err := s.RecordAnswer(ctx, a); !ok || err != nil {
		t.Fatalf("RecordAnswer = %v, %v", ok, err)
	}
	again := a
	again.Choice, again.Correct = 1, false
	if ok, err := s.RecordAnswer(ctx, again); ok || err != nil {
		t.Fatalf("second RecordAnswer = %v, %v; want false", ok, err)
	}
	for _, other := range []bot.QuizAnswer{
		{Scope: a.Scope, QuizID: a.QuizID, Round: "20260303", UserID: "U1", At: at.Add(24 * time.Hour), Date: "2026-03-03"},
		{Scope: a.Scope, QuizID: a.QuizID, Round: a.Round, UserID: "U2", At: at.Add(time.Minute), Date: "2026-03-02"},
		{Scope: "slack:T:other", QuizID: a.QuizID, Round: a.Round, UserID: "U1", At: at, Date: "2026-03-02"},
	} {
		if ok, err := s.RecordAnswer(ctx, other); !ok || err != nil {
			t.Errorf("RecordAnswer(%+v) = %v, %v; want true", other, ok, err)
		}
	}
	got, err := s.QuizAnswers(ctx, a.Scope, a.QuizID, a.Round)
	if err != nil || len(got) != 2 || got[0].UserID != "U1" || got[0].Choice != 2 || !got[0].Correct || got[0].UserName != "ann" || !got[0].At.Equal(at) {
		t.Errorf("QuizAnswers = %+v, %v; want U1's first answer then U2", got, err)
	}
	all, _ := s.Answers(ctx, a.Scope, time.Time{})
	if len(all) != 3 {
		t.Errorf("Answers(all) = %d; want 3", len(all))
	}
	recent, _ := s.Answers(ctx, a.Scope, at.Add(time.Hour))
	if len(recent) != 1 || recent[0].Round != "20260303" {
		t.Errorf("Answers(since) = %+v", recent)
	}
}

func testConcurrentAnswers(t *testing.T, s bot.Store) {
	ctx := context.Background()
	const users, clicks = 20, 3
	var wins atomic.Int32
	var wg sync.WaitGroup
	for u := range users {
		for range clicks {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ok, err := s.RecordAnswer(ctx, bot.QuizAnswer{Scope: "d:G:C", QuizID: "q.0.0000", Round: "r", UserID: fmt.Sprint("U", u), At: time.Now(), Date: "2026-03-02"})
				if err != nil {
					t.Errorf("RecordAnswer: %v", err)
				}
				if ok {
					wins.Add(1)
				}
			}()
		}
	}
	wg.Wait()
	if n := wins.Load(); n != users {
		t.Errorf("%d answers recorded from %d users clicking %d times; want %d", n, users, clicks, users)
	}
	if got, _ := s.QuizAnswers(ctx, "d:G:C", "q.0.0000", "r"); len(got) != users {
		t.Errorf("QuizAnswers = %d; want %d", len(got), users)
	}
}

func testReviews(t *testing.T, s bot.Store) {
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	for i, due := range []time.Time{now.Add(time.Hour), now.Add(-time.Hour), now.Add(-48 * time.Hour)} {
		if err := s.PutReview(ctx, bot.Review{User: "slack:U1", QuizID: fmt.Sprint("q", i), Step: i, Due: due}); err != nil {
			t.Fatal(err)
		}
	}
	s.PutReview(ctx, bot.Review{User: "slack:U2", QuizID: "q9", Due: now.Add(-time.Hour)})
	due, err := s.DueReviews(ctx, "slack:U1", now)
	if err != nil || len(due) != 2 || due[0].QuizID != "q2" || due[1].QuizID != "q1" || due[0].Step != 2 {
		t.Fatalf("DueReviews = %+v, %v; want q2 then q1", due, err)
	}
	if err := s.PutReview(ctx, bot.Review{User: "slack:U1", QuizID: "q1", Step: 3, Due: now.Add(24 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if r, ok, err := s.Review(ctx, "slack:U1", "q1"); err != nil || !ok || r.Step != 3 || !r.Due.Equal(now.Add(24*time.Hour)) || r.QuizID != "q1" || r.User != "slack:U1" {
		t.Errorf("Review(U1, q1) = %+v, %v, %v; want step 3 due in a day", r, ok, err)
	}
	if err := s.DeleteReview(ctx, "slack:U1", "q2"); err != nil {
		t.Fatal(err)
	}
	for _, k := range [][2]string{{"slack:U1", "q2"}, {"slack:U2", "q1"}} {
		if r, ok, err := s.Review(ctx, k[0], k[1]); err != nil || ok {
			t.Errorf("Review(%s, %s) = %+v, %v, %v; want none", k[0], k[1], r, ok, err)
		}
	}
	if due, _ := s.DueReviews(ctx, "slack:U1", now); len(due) != 0 {
		t.Errorf("after update and delete: %+v due; want none", due)
	}
	later, _ := s.DueReviews(ctx, "slack:U1", now.Add(48*time.Hour))
	if len(later) != 2 || later[1].Step != 3 {
		t.Errorf("DueReviews(later) = %+v", later)
	}
}

func sample(id string) bot.Subscription {
	now := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	return bot.Subscription{
		ID: id, Platform: "slack", Workspace: "T1", Channel: id + "-chan",
		Time: "09:30", TZ: "Europe/Berlin", Days: bot.Weekdays5, Track: "databases",
		Thread: true, CreatedBy: "U1", CreatedAt: now, UpdatedAt: now, Kind: bot.PlacePrivate,
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
	// Failures and the pause change alone, and a new put clears them.
	if err := s.SetFailures(ctx, "b-sub", 3, true); err != nil {
		t.Fatalf("SetFailures: %v", err)
	}
	a.Failures, a.Paused = 3, true
	if got, err := s.Subscription(ctx, "b-sub"); err != nil || !equalSub(got, a) {
		t.Errorf("after SetFailures = %+v, %v; want %+v", got, err, a)
	}
	if err := s.SetFailures(ctx, "nope", 1, false); err != nil {
		t.Errorf("SetFailures(missing) = %v; want nil", err)
	}
	a.Failures, a.Paused, a.Kind = 0, false, bot.PlaceChannel
	if err := s.PutSubscription(ctx, a); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Subscription(ctx, "b-sub"); err != nil || !equalSub(got, a) {
		t.Errorf("after a new put = %+v, %v; want %+v", got, err, a)
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
		a.CreatedBy == b.CreatedBy && a.CreatedAt.Equal(b.CreatedAt) && a.UpdatedAt.Equal(b.UpdatedAt) &&
		a.Kind == b.Kind && a.Failures == b.Failures && a.Paused == b.Paused
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
