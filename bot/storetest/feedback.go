package storetest

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sdbot/sdbot/bot"
)

// testVotes: one vote per person per answer; a second click on the other
// button changes it, the same button again keeps it.
func testVotes(t *testing.T, s bot.Store) {
	ctx := context.Background()
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	v := bot.Vote{CardID: "kafka", QuestionKey: "0123456789ab", Platform: "slack", Workspace: "T1", Channel: "C1",
		UserID: "U1", Value: bot.VoteDown, At: at}
	steps := []struct {
		name  string
		value string
		at    time.Time
		prev  string
	}{
		{"first vote", bot.VoteDown, at, ""},
		{"same button again", bot.VoteDown, at.Add(time.Minute), bot.VoteDown},
		{"other button", bot.VoteUp, at.Add(2 * time.Minute), bot.VoteDown},
		{"back again", bot.VoteDown, at.Add(3 * time.Minute), bot.VoteUp},
	}
	for _, st := range steps {
		v.Value, v.At = st.value, st.at
		if prev, err := s.RecordVote(ctx, v); prev != st.prev || err != nil {
			t.Fatalf("%s: RecordVote = %q, %v; want %q", st.name, prev, err, st.prev)
		}
	}
	// Other answers and other people are votes of their own.
	others := []bot.Vote{
		{CardID: "kafka", QuestionKey: "ba9876543210", Platform: "slack", Workspace: "T1", Channel: "C1", UserID: "U1", Value: bot.VoteUp, At: at.Add(4 * time.Minute)},
		{CardID: "raft", QuestionKey: "0123456789ab", Platform: "slack", Workspace: "T1", Channel: "C1", UserID: "U1", Value: bot.VoteUp, At: at.Add(5 * time.Minute)},
		{CardID: "kafka", QuestionKey: "0123456789ab", Platform: "slack", Workspace: "T1", Channel: "C2", UserID: "U2", Value: bot.VoteUp, At: at.Add(6 * time.Minute)},
		{CardID: "kafka", QuestionKey: "0123456789ab", Platform: "discord", Workspace: "G1", Channel: "C1", UserID: "U1", Value: bot.VoteUp, At: at.Add(7 * time.Minute)},
	}
	for _, o := range others {
		if prev, err := s.RecordVote(ctx, o); prev != "" || err != nil {
			t.Errorf("RecordVote(%+v) = %q, %v; want a new vote", o, prev, err)
		}
	}
	all, err := s.Votes(ctx, time.Time{})
	if err != nil || len(all) != 5 {
		t.Fatalf("Votes = %d, %v; want 5: %+v", len(all), err, all)
	}
	want := bot.Vote{CardID: "kafka", QuestionKey: "0123456789ab", Platform: "slack", Workspace: "T1", Channel: "C1",
		UserID: "U1", Value: bot.VoteDown, At: at.Add(3 * time.Minute)}
	if all[0] != want {
		t.Errorf("Votes[0] = %+v; want the changed vote %+v", all[0], want)
	}
	recent, err := s.Votes(ctx, at.Add(5*time.Minute))
	if err != nil || len(recent) != 3 || recent[0].CardID != "raft" {
		t.Errorf("Votes(since) = %+v, %v; want the last 3, raft first", recent, err)
	}
}

// testConcurrentVotes: many clicks at once from one person on one answer
// leave one vote, and exactly one click sees it as new.
func testConcurrentVotes(t *testing.T, s bot.Store) {
	ctx := context.Background()
	var fresh atomic.Int32
	var wg sync.WaitGroup
	for i := range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			value := bot.VoteUp
			if i%2 == 1 {
				value = bot.VoteDown
			}
			prev, err := s.RecordVote(ctx, bot.Vote{CardID: "kafka", QuestionKey: "0123456789ab", Platform: "discord",
				Workspace: "G", Channel: "C", UserID: "U", Value: value, At: time.Now()})
			if err != nil {
				t.Errorf("RecordVote: %v", err)
			}
			if prev == "" {
				fresh.Add(1)
			}
		}()
	}
	wg.Wait()
	if n := fresh.Load(); n != 1 {
		t.Errorf("%d clicks saw a new vote; want 1", n)
	}
	if all, _ := s.Votes(ctx, time.Time{}); len(all) != 1 {
		t.Errorf("Votes = %d; want 1", len(all))
	}
}

func testUnanswered(t *testing.T, s bot.Store) {
	ctx := context.Background()
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	qs := []bot.Unanswered{
		{Question: "how do I shard postgres", ClosestCard: "sharding", Platform: "slack", Workspace: "T1", Channel: "C1", At: at},
		{Question: "", ClosestCard: "", Platform: "discord", Workspace: "G1", Channel: "C9", At: at.Add(time.Hour)},
		{Question: "how do I shard postgres", ClosestCard: "sharding", Platform: "slack", Workspace: "T1", Channel: "C2", At: at.Add(2 * time.Hour)},
	}
	for _, q := range qs {
		if err := s.RecordUnanswered(ctx, q); err != nil {
			t.Fatalf("RecordUnanswered: %v", err)
		}
	}
	all, err := s.UnansweredSince(ctx, time.Time{})
	if err != nil || len(all) != 3 {
		t.Fatalf("UnansweredSince(all) = %d, %v; want 3", len(all), err)
	}
	for i := range qs {
		if all[i] != qs[i] {
			t.Errorf("UnansweredSince[%d] = %+v; want %+v", i, all[i], qs[i])
		}
	}
	recent, err := s.UnansweredSince(ctx, at.Add(time.Hour))
	if err != nil || len(recent) != 2 || recent[0].Channel != "C9" {
		t.Errorf("UnansweredSince(since) = %+v, %v; want the last 2", recent, err)
	}
}

// testPurgeQuestions: text older than the cut-off goes, the record stays.
func testPurgeQuestions(t *testing.T, s bot.Store) {
	ctx := context.Background()
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	for i := range 4 {
		q := bot.Unanswered{Question: fmt.Sprint("question ", i), ClosestCard: "raft", Platform: "slack", Workspace: "T", Channel: "C",
			At: at.Add(time.Duration(i) * 24 * time.Hour)}
		if err := s.RecordUnanswered(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	n, err := s.PurgeQuestions(ctx, at.Add(2*24*time.Hour))
	if n != 2 || err != nil {
		t.Fatalf("PurgeQuestions = %d, %v; want 2", n, err)
	}
	if n, err := s.PurgeQuestions(ctx, at.Add(2*24*time.Hour)); n != 0 || err != nil {
		t.Errorf("PurgeQuestions again = %d, %v; want 0", n, err)
	}
	all, err := s.UnansweredSince(ctx, time.Time{})
	if err != nil || len(all) != 4 {
		t.Fatalf("UnansweredSince = %d, %v; want all 4 records kept", len(all), err)
	}
	for i, q := range all {
		want := fmt.Sprint("question ", i)
		if i < 2 {
			want = ""
		}
		if q.Question != want || q.ClosestCard != "raft" {
			t.Errorf("question %d = %q (%s); want %q", i, q.Question, q.ClosestCard, want)
		}
	}
}
