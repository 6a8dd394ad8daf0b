package bot

import (
	"context"
	"reflect"
	"testing"
	"time"
)

// feedbackStore holds a week of feedback as the report test and the CLI
// test see it.
func feedbackStore(t *testing.T, now time.Time) *memStore {
	t.Helper()
	st := newMemStore()
	ctx := context.Background()
	ago := func(h int) time.Time { return now.Add(-time.Duration(h) * time.Hour) }
	for _, u := range []Unanswered{
		{Question: "too old to count", ClosestCard: "raft", At: ago(24 * 8)},
		{Question: "how do I shard postgres", ClosestCard: "database-sharding", At: ago(50)},
		{Question: "what is the best pizza topping", ClosestCard: "owasp-top-risks", At: ago(40)},
		{Question: "How do I  shard Postgres", ClosestCard: "database-sharding", At: ago(30)},
		{Question: "postgres sharding strategies", ClosestCard: "database-sharding", At: ago(20)},
		{Question: "", ClosestCard: "caching", At: ago(10)},
		{Question: "", ClosestCard: "caching", At: ago(5)},
		{Question: "shard postgres \x1b[31mnow\x1b[0m", ClosestCard: "database-sharding", At: ago(1)},
	} {
		u.Platform, u.Workspace, u.Channel = "slack", "T1", "C1"
		st.RecordUnanswered(ctx, u)
	}
	for i, v := range []Vote{
		{CardID: "consistent-hashing", UserID: "U1", Value: VoteDown},
		{CardID: "consistent-hashing", UserID: "U2", Value: VoteDown},
		{CardID: "consistent-hashing", UserID: "U3", Value: VoteUp},
		{CardID: "bloom-filter", UserID: "U1", Value: VoteDown},
		{CardID: "raft", UserID: "U1", Value: VoteUp},
		{CardID: "raft", UserID: "U2", Value: VoteUp},
		{CardID: "gone-card", UserID: "U1", Value: VoteDown},
	} {
		v.Platform, v.Workspace, v.Channel, v.QuestionKey, v.At = "slack", "T1", "C1", "0123456789ab", ago(7-i)
		st.RecordVote(ctx, v)
	}
	st.RecordVote(ctx, Vote{CardID: "bloom-filter", UserID: "U9", Value: VoteDown, At: now.Add(time.Hour)}) // after the window
	return st
}

func TestBuildReport(t *testing.T) {
	now := time.Date(2026, 3, 9, 12, 0, 0, 0, time.UTC)
	b := testBot(t)
	r, err := BuildReport(context.Background(), feedbackStore(t, now), b.kb.Set(), now.Add(-7*24*time.Hour), now)
	if err != nil {
		t.Fatal(err)
	}
	ago := func(h int) time.Time { return now.Add(-time.Duration(h) * time.Hour) }
	want := Report{
		Since: now.Add(-7 * 24 * time.Hour), Until: now, Unanswered: 7, Votes: 7,
		Groups: []QuestionGroup{
			{Count: 4, ClosestCard: "database-sharding", Last: ago(1), Examples: []Example{
				{Text: "how do I shard postgres", Count: 2},
				{Text: "postgres sharding strategies", Count: 1},
				{Text: "shard postgres [31mnow [0m", Count: 1},
			}},
			{Count: 2, ClosestCard: "caching", Last: ago(5), Examples: []Example{}},
			{Count: 1, ClosestCard: "owasp-top-risks", Last: ago(40), Examples: []Example{{Text: "what is the best pizza topping", Count: 1}}},
		},
		Cards: []CardVotes{
			{CardID: "consistent-hashing", Title: "Consistent hashing", Down: 2, Up: 1},
			{CardID: "bloom-filter", Title: "Bloom filters", Down: 1},
			{CardID: "gone-card", Down: 1},
		},
	}
	if !reflect.DeepEqual(r.Groups, want.Groups) {
		t.Errorf("groups =\n%+v\nwant\n%+v", r.Groups, want.Groups)
	}
	if !reflect.DeepEqual(r, want) {
		t.Errorf("report =\n%+v\nwant\n%+v", r, want)
	}
}

func TestQuestionSimilarity(t *testing.T) {
	tests := []struct {
		a, b  string
		alike bool
	}{
		{"how does kafka partitioning work", "kafka partitions explained", false},
		{"what is a saga", "what is the saga pattern", true},
		{"how do I shard postgres", "shard postgres tables", true},
		{"best pizza topping", "how do I shard postgres", false},
	}
	for _, tt := range tests {
		t.Run(tt.a+" / "+tt.b, func(t *testing.T) {
			if got := overlap(questionWords(tt.a), questionWords(tt.b)) >= 0.5; got != tt.alike {
				t.Errorf("overlap(%q, %q) = %.2f; alike %v, want %v", tt.a, tt.b, overlap(questionWords(tt.a), questionWords(tt.b)), got, tt.alike)
			}
		})
	}
}
