package bot

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sdbot/sdbot/knowledge"
)

// memConversations is an in-memory Conversations for the bot's tests.
type memConversations struct {
	mu      sync.Mutex
	events  map[string]bool
	threads map[Thread]string
	fail    bool // claims fail
	// failThreads makes thread look-ups fail.
	failThreads bool
}

func newMemConversations() *memConversations {
	return &memConversations{events: map[string]bool{}, threads: map[Thread]string{}}
}

func (m *memConversations) ClaimEvent(_ context.Context, platform, id string, _ time.Time) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail {
		return false, errors.New("database down")
	}
	k := platform + "/" + id
	if m.events[k] {
		return false, nil
	}
	m.events[k] = true
	return true, nil
}

func (m *memConversations) RememberThread(_ context.Context, t Thread, cardID string, _ time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.threads[t] = cardID
	return nil
}

func (m *memConversations) ThreadCard(_ context.Context, t Thread) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.failThreads {
		return "", errors.New("database down")
	}
	if id, ok := m.threads[t]; ok {
		return id, nil
	}
	return "", ErrNotFound
}

func (m *memConversations) PurgeConversations(context.Context, time.Time) (int, error) { return 0, nil }

func TestSaidRepliesArePublic(t *testing.T) {
	b := testBot(t)
	tests := []struct {
		text string
		kind Kind
	}{
		{"how does kafka work", KindAnswer},
		{"topic consistent-hashing", KindAnswer},
		{"topic no-such-topic-at-all", KindError},
		{"help", KindList},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			req := b.Parse(tt.text)
			req.Platform, req.Channel, req.User, req.Said = "slack", "C1", User{ID: "U1"}, true
			if b.Private(req) {
				t.Errorf("Private(%q said) = true; want false", tt.text)
			}
			r := b.Handle(context.Background(), req)
			if r.Kind != tt.kind || r.Ephemeral {
				t.Errorf("Handle(%q said) = kind %s, ephemeral %v; want %s in the conversation", tt.text, r.Kind, r.Ephemeral, tt.kind)
			}
			for _, btn := range r.Buttons {
				if btn.Action == shareCommand {
					t.Errorf("Handle(%q said) offers %q; the answer is already shared", tt.text, btn.Label)
				}
			}
		})
	}
}

func TestThreadFollowUps(t *testing.T) {
	testBot(t) // builds the shipped index
	conv := newMemConversations()
	b := New(shipped, WithConversations(conv), WithRandom(func(n int) int { return n - 1 }))
	ctx := context.Background()
	th := Thread{Platform: "slack", Workspace: "T1", Channel: "C1", ID: "1700000000.000100"}
	b.Remember(ctx, th, "kafka-internals")
	whole := b.wholeCard(mustCard(t, b, "kafka-internals"))

	tests := []struct {
		name, text, thread string
		wantKind           Kind
		wantTitle          string
		wantText           string
	}{
		{"more shows the whole card", "more", th.ID, KindAnswer, whole.Title, whole.Text},
		{"MORE in capitals", "  MORE ", th.ID, KindAnswer, whole.Title, whole.Text},
		{"quiz on the thread's card", "quiz", th.ID, KindQuiz, "Quiz: " + whole.Title, ""},
		{"more where nothing was answered", "more", "other", KindError, "", "nothing more to show"},
		{"more outside a thread is a question", "more", "", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := b.Parse(tt.text)
			req.Platform, req.Workspace, req.Channel, req.User = th.Platform, th.Workspace, th.Channel, User{ID: "U2"}
			req.Said, req.Thread = true, tt.thread
			r := b.Handle(ctx, req)
			if tt.wantKind == "" {
				if r.Title == whole.Title && r.Text == whole.Text {
					t.Errorf("Handle(%q, no thread) showed the thread's card", tt.text)
				}
				return
			}
			if r.Kind != tt.wantKind || (tt.wantTitle != "" && r.Title != tt.wantTitle) || !strings.Contains(r.Text, tt.wantText) {
				t.Errorf("Handle(%q in %q) = %s %q %.80q; want %s %q containing %.80q", tt.text, tt.thread, r.Kind, r.Title, r.Text, tt.wantKind, tt.wantTitle, tt.wantText)
			}
		})
	}
}

func TestThreadQuestionFollowUp(t *testing.T) {
	testBot(t) // builds the shipped index
	conv := newMemConversations()
	b := New(shipped, WithConversations(conv))
	ctx := context.Background()
	th := Thread{Platform: "discord", Workspace: "G1", Channel: "C1", ID: "1100000000000000001"}
	b.Remember(ctx, th, "bloom-filter")
	card := mustCard(t, b, "bloom-filter")
	ask := func(text, thread string) Reply {
		req := b.Parse(text)
		req.Platform, req.Workspace, req.Channel, req.User = th.Platform, th.Workspace, th.Channel, User{ID: "U2"}
		req.Said, req.Thread = true, thread
		return b.Handle(ctx, req)
	}

	const vague = "can it remove items?"
	if r := ask(vague, ""); r.Kind != KindNoAnswer {
		t.Fatalf("%q outside a thread = %s %q; the test needs a question refused alone", vague, r.Kind, r.Title)
	}
	r := ask(vague, th.ID)
	if r.Kind != KindAnswer || r.Title != card.Title || r.TopicID != card.ID || !strings.Contains(r.Footer, "follow-up") {
		t.Errorf("%q under an answer on %s = %s %q (topic %q, footer %q); want that card, said to be a follow-up", vague, card.ID, r.Kind, r.Title, r.TopicID, r.Footer)
	}
	if r := ask(vague, "other"); r.Kind != KindNoAnswer {
		t.Errorf("%q in a thread with no card = %s %q; want no answer", vague, r.Kind, r.Title)
	}

	// A whole question in the thread gets its own card.
	if r := ask("how does consistent hashing work", th.ID); r.TopicID != "consistent-hashing" || strings.Contains(r.Footer, "follow-up") {
		t.Errorf("a whole question in the thread = %q (footer %q); want consistent-hashing, not a follow-up", r.TopicID, r.Footer)
	}

	// Nothing in common with the thread's card: no answer, and a pointer
	// to the whole card.
	r = ask("what's for lunch today?", th.ID)
	if r.Kind != KindNoAnswer || !strings.Contains(r.Footer, "`more`") || !strings.Contains(r.Footer, card.Title) {
		t.Errorf("an unrelated question in the thread = %s, footer %q; want no answer and `more` for %s", r.Kind, r.Footer, card.Title)
	}

	// The memory failing: the question is answered alone.
	conv.mu.Lock()
	conv.failThreads = true
	conv.mu.Unlock()
	if r := ask(vague, th.ID); r.Kind != KindNoAnswer || strings.Contains(r.Footer, "`more`") {
		t.Errorf("%q with the memory down = %s, footer %q; want it answered alone", vague, r.Kind, r.Footer)
	}
}

func TestFirstDelivery(t *testing.T) {
	testBot(t) // builds the shipped index
	conv := newMemConversations()
	b := New(shipped, WithConversations(conv))
	ctx := context.Background()
	if !b.FirstDelivery(ctx, "slack", "Ev1") {
		t.Fatal("FirstDelivery(Ev1) = false the first time")
	}
	if b.FirstDelivery(ctx, "slack", "Ev1") {
		t.Error("FirstDelivery(Ev1) = true again; a re-sent event must not be answered twice")
	}
	if !b.FirstDelivery(ctx, "discord", "Ev1") {
		t.Error("FirstDelivery(discord Ev1) = false; platforms have separate ids")
	}
	conv.fail = true
	if !b.FirstDelivery(ctx, "slack", "Ev2") {
		t.Error("FirstDelivery with the database down = false; want an answer rather than silence")
	}
}

func mustCard(t *testing.T, b *Bot, id string) *knowledge.Card {
	t.Helper()
	c, err := b.kb.Set().Card(id)
	if err != nil {
		t.Fatalf("card %s: %v", id, err)
	}
	return c
}

func TestHelpNamesConversations(t *testing.T) {
	r := testBot(t).Handle(context.Background(), Request{Command: "help", Platform: "slack"})
	for _, want := range []string{"mention me", "DM me", `"Ask sdbot"`, "`more`", "`quiz`"} {
		if !strings.Contains(r.Footer, want) {
			t.Errorf("help footer %q lacks %q", r.Footer, want)
		}
	}
}
