package bot

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

func ask(b *Bot, q string) Reply {
	return b.Handle(context.Background(), Request{Command: "ask", Text: q, Platform: "slack", Workspace: "T1", Channel: "C1", User: User{ID: "U1"}})
}

func voteButtonsOf(r Reply) []Button {
	var out []Button
	for _, btn := range r.Buttons {
		if btn.Action == "vote" {
			out = append(out, btn)
		}
	}
	return out
}

func TestAnswersCarryVoteButtons(t *testing.T) {
	b, _, _ := studyBot(t, time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC))
	r := ask(b, "how does consistent hashing work")
	votes := voteButtonsOf(r)
	key := QuestionKey("how does consistent hashing work")
	if len(votes) != 2 || votes[0].Label != "👍" || votes[1].Label != "👎" ||
		votes[0].Value != "up:consistent-hashing:"+key || votes[1].Value != "down:consistent-hashing:"+key {
		t.Fatalf("ask buttons = %+v; want 👍 and 👎 for consistent-hashing and the question", r.Buttons)
	}
	if len("sd:vote:"+votes[1].Value) > 100 {
		t.Errorf("vote button id %q is over Discord's 100-character custom_id", votes[1].Value)
	}
	if again := ask(b, "  How does CONSISTENT   hashing work "); voteButtonsOf(again)[0].Value != votes[0].Value {
		t.Errorf("the same question in other case and spacing is another answer: %q vs %q", voteButtonsOf(again)[0].Value, votes[0].Value)
	}
	if other := ask(b, "what is consistent hashing"); voteButtonsOf(other)[0].Value == votes[0].Value {
		t.Errorf("another question for the same card shares its vote buttons: %q", votes[0].Value)
	}
	for _, tt := range []struct {
		name string
		r    Reply
	}{
		{"no answer", ask(b, "what is the best pizza topping")},
		{"topic", b.Handle(context.Background(), Request{Command: "topic", Text: "consistent-hashing", Platform: "slack"})},
		{"without a store", ask(testBot(t), "how does consistent hashing work")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if v := voteButtonsOf(tt.r); len(v) != 0 {
				t.Errorf("%s has vote buttons %+v; want none", tt.name, v)
			}
		})
	}
}

func TestVoting(t *testing.T) {
	b, store, clk := studyBot(t, time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC))
	votes := voteButtonsOf(ask(b, "how does consistent hashing work"))
	up, down := votes[0], votes[1]
	steps := []struct {
		name  string
		user  string
		btn   Button
		text  string
		value string // U1's vote afterwards
		n     int    // votes stored afterwards
	}{
		{"first vote", "U1", down, "Thanks, noted.", VoteDown, 1},
		{"same button again keeps it", "U1", down, "Thanks, noted.", VoteDown, 1},
		{"other button changes it", "U1", up, "Thanks, noted: your vote is now 👍.", VoteUp, 1},
		{"someone else votes too", "U2", down, "Thanks, noted.", VoteUp, 2},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			clk.set(clk.now().Add(time.Minute))
			r := click(b, st.user, st.btn)
			if r.Kind != KindAck || !r.Ephemeral || r.Text != st.text || len(r.Buttons) != 0 || r.Update != nil {
				t.Errorf("vote reply = %+v; want a private %q", r, st.text)
			}
			if len(store.votes) != st.n || store.votes[0].Value != st.value {
				t.Fatalf("stored votes = %+v; want %d with U1's %s", store.votes, st.n, st.value)
			}
		})
	}
	v := store.votes[0]
	want := Vote{CardID: "consistent-hashing", QuestionKey: QuestionKey("how does consistent hashing work"), Platform: "slack",
		Workspace: "T1", Channel: "C1", UserID: "U1", Value: VoteUp, At: time.Date(2026, 3, 2, 10, 3, 0, 0, time.UTC)}
	if v != want {
		t.Errorf("vote = %+v; want %+v", v, want)
	}
}

func TestForgedVotes(t *testing.T) {
	b, store, _ := studyBot(t, time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC))
	key := QuestionKey("kafka")
	for _, value := range []string{
		"",
		"up",
		"up:consistent-hashing",
		"sideways:consistent-hashing:" + key,
		"up:no-such-card:" + key,
		"up:consistent-hashing:" + strings.ToUpper(key),
		"up:consistent-hashing:" + key + "0",
		"up:consistent-hashing:" + key + ":extra",
	} {
		t.Run(value, func(t *testing.T) {
			r := click(b, "U1", Button{Action: "vote", Value: value})
			if r.Kind != KindError || !strings.Contains(r.Text, "not valid") {
				t.Errorf("vote %q = %+v; want a refusal", value, r)
			}
		})
	}
	if len(store.votes) != 0 {
		t.Errorf("forged votes stored: %+v", store.votes)
	}
	store.down = true
	if r := click(b, "U1", Button{Action: "vote", Value: "up:consistent-hashing:" + key}); r.Kind != KindError || !strings.Contains(r.Text, "could not record") {
		t.Errorf("vote with the store down = %+v; want a kind error", r)
	}
	if r := click(testBot(t), "U1", Button{Action: "vote", Value: "up:consistent-hashing:" + key}); r.Kind != KindError {
		t.Errorf("vote without a store = %+v; want an error", r)
	}
}

func TestUnansweredQuestionsRecorded(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		keepDays int
		question string
	}{
		{"kept", 30, "what is the best pizza topping"},
		{"keep none", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			testBot(t)
			store := newMemStore()
			b := New(shipped, WithStore(store), WithClock(func() time.Time { return now }), WithKeepDays(tt.keepDays))
			ask(b, "how does consistent hashing work")
			r := ask(b, "what is the best pizza topping")
			if r.Kind != KindNoAnswer {
				t.Fatalf("reply = %+v; want no answer", r)
			}
			if got := strings.Contains(r.Footer, "noted the question"); got != (tt.keepDays > 0) {
				t.Errorf("footer = %q; says it noted the question: %v, want %v", r.Footer, got, tt.keepDays > 0)
			}
			if len(store.asked) != 1 {
				t.Fatalf("unanswered = %+v; want the one question without an answer", store.asked)
			}
			want := Unanswered{Question: tt.question, ClosestCard: r.Buttons[0].Value, Platform: "slack", Workspace: "T1", Channel: "C1", At: now}
			if store.asked[0] != want {
				t.Errorf("unanswered = %+v; want %+v", store.asked[0], want)
			}
		})
	}
}

func TestPurgeQuestions(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		keepDays int
		kept     []string
	}{
		{30, []string{"", "recent", "today"}},
		{1, []string{"", "", "today"}},
		{0, []string{"", "", ""}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("keep %d days", tt.keepDays), func(t *testing.T) {
			testBot(t)
			store := newMemStore()
			for _, u := range []Unanswered{
				{Question: "old", At: now.Add(-31 * 24 * time.Hour)},
				{Question: "recent", At: now.Add(-2 * 24 * time.Hour)},
				{Question: "today", At: now.Add(-time.Hour)},
			} {
				store.RecordUnanswered(context.Background(), u)
			}
			b := New(shipped, WithStore(store), WithClock(func() time.Time { return now }), WithKeepDays(tt.keepDays))
			if _, err := b.PurgeQuestions(context.Background()); err != nil {
				t.Fatal(err)
			}
			for i, u := range store.asked {
				if u.Question != tt.kept[i] {
					t.Errorf("keep %d days: question %d = %q; want %q", tt.keepDays, i, u.Question, tt.kept[i])
				}
			}
		})
	}
}

func TestHelpMentionsFeedback(t *testing.T) {
	r := testBot(t).Handle(context.Background(), Request{Command: "help"})
	if !strings.Contains(r.Footer, "👍 or 👎") || !strings.Contains(r.Footer, "questions I cannot answer are noted") {
		t.Errorf("help footer = %q; want it to say what 👍/👎 and unanswered questions are for", r.Footer)
	}
	if _, ok := testBot(t).Command("vote"); !ok || slicesContainsCommand(testBot(t).Commands(), "vote") {
		t.Errorf("vote must be a hidden command: run by buttons, not in help or registration")
	}
}

func slicesContainsCommand(cmds []Command, name string) bool {
	for _, c := range cmds {
		if c.Name == name {
			return true
		}
	}
	return false
}
