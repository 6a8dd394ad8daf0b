package bot

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sdbot/sdbot/knowledge"
)

func TestRenderMentions(t *testing.T) {
	slack := func(m Mention) string {
		if m.Kind == MentionChannel {
			return "<#" + m.ID + ">"
		}
		return "<@" + m.ID + ">"
	}
	tests := []struct {
		in, want string
	}{
		{"no mentions", "no mentions"},
		{"hi " + UserMention("U1").String() + " in " + ChannelMention("C2").String(), "hi <@U1> in <#C2>"},
		{"bad id " + UserMention("U1>|x").String(), "bad id U1>|x"},
		{"stray \uE000 opener", "stray  opener"},
		{"odd kind \uE000zU1\uE001", "odd kind U1"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := RenderMentions(tt.in, slack); got != tt.want {
				t.Errorf("RenderMentions(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestTypedMentionsAreText: a user cannot type the runes that carry a
// mention and have the bot echo a real one.
func TestTypedMentionsAreText(t *testing.T) {
	b := testBot(t)
	r := b.Handle(context.Background(), Request{Command: "topic", Text: "x" + UserMention("U0VICTIM").String(), Platform: "slack"})
	if strings.ContainsRune(r.Text, mentionOpen) || !strings.Contains(r.Text, "U0VICTIM") {
		t.Errorf("reply = %q; want the id as plain text", r.Text)
	}
}

// TestNoPlatformSyntax keeps Slack's and Discord's syntax out of the
// neutral bot: mentions travel as Mention values.
func TestNoPlatformSyntax(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, bad := range []string{"<@", "<#", "@everyone", "<!"} {
			if bytes.Contains(src, []byte(bad)) {
				t.Errorf("%s holds platform syntax %q", f, bad)
			}
		}
	}
}

// TestVisibility: the bot decides who sees each reply, and Private
// predicts it from the request alone, so a deferral can commit early.
func TestVisibility(t *testing.T) {
	now := time.Date(2026, 3, 3, 10, 0, 0, 0, time.UTC)
	b, _, _ := studyBot(t, now)
	req := func(cmd, text string, clicked bool) Request {
		return Request{Command: cmd, Text: text, Platform: "discord", Workspace: "G1", Channel: "C1", User: User{ID: "U1"}, Clicked: clicked}
	}
	tests := []struct {
		name    string
		req     Request
		private bool
		share   bool // a Share in channel button is offered
	}{
		{"typed ask", req("ask", "how does consistent hashing work", false), true, true},
		{"bare question", req("how", "does consistent hashing work", false), true, true},
		{"typed topic", req("topic", "bloom-filter", false), true, true},
		{"list", req("list", "", false), true, false},
		{"quiz", req("quiz", "bloom-filter", false), false, false},
		{"quiz mine", req("quiz", "mine", false), true, false},
		{"leaderboard", req("leaderboard", "", false), false, false},
		{"topic button", req("topic", "bloom-filter", true), true, true},
		{"quiz button", req("quiz", "bloom-filter", true), true, false},
		{"share button", req("share", "bloom-filter", true), false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := b.Private(tt.req); got != tt.private {
				t.Errorf("Private(%s) = %v; want %v", tt.name, got, tt.private)
			}
			r := b.Handle(context.Background(), tt.req)
			if r.Ephemeral != tt.private {
				t.Errorf("Handle(%s).Ephemeral = %v; want %v", tt.name, r.Ephemeral, tt.private)
			}
			shared := len(r.Buttons) > 0 && r.Buttons[0].Action == shareCommand
			if shared != tt.share {
				t.Errorf("Handle(%s) offers Share = %v; want %v: %+v", tt.name, shared, tt.share, r.Buttons)
			}
		})
	}

	r := b.Handle(context.Background(), req("share", "bloom-filter", true))
	if !strings.HasPrefix(rendered(r.Footer), "Shared by <@U1>") {
		t.Errorf("shared footer = %q; want a credit", r.Footer)
	}
	r = b.Handle(context.Background(), req("share", "no-such-card-at-all", true))
	if r.Kind != KindError || !r.Ephemeral {
		t.Errorf("share of a missing card = %+v; want a private error", r)
	}
}

// TestPermissionsInBot: the bot, not the adapter, refuses a manager
// command to a user the platform says cannot manage the channel.
func TestPermissionsInBot(t *testing.T) {
	b, _, _ := studyBot(t, time.Now())
	for _, tt := range []struct {
		platform, workspace, want string
	}{
		{"discord", "G1", "Manage Channels"},
		{"discord", "", "works only in a server channel"},
		{"slack", "T1", "slack.managers"},
	} {
		t.Run(tt.platform+tt.workspace, func(t *testing.T) {
			r := b.Handle(context.Background(), Request{Command: "unsubscribe", Platform: tt.platform, Workspace: tt.workspace, Channel: "C1", User: User{ID: "U1"}})
			if r.Kind != KindError || !strings.Contains(r.Text, tt.want) || !strings.Contains(r.Text, "/sd unsubscribe") {
				t.Errorf("unsubscribe = %+v; want a refusal with %q", r, tt.want)
			}
		})
	}
}

// hungStore answers nothing until the caller gives up, as a frozen
// database does.
type hungStore struct {
	*memStore
	mu    sync.Mutex
	calls int
}

func (h *hungStore) wait(ctx context.Context) error {
	h.mu.Lock()
	h.calls++
	h.mu.Unlock()
	<-ctx.Done()
	return ctx.Err()
}

func (h *hungStore) Ping(ctx context.Context) error { return h.wait(ctx) }
func (h *hungStore) Subscription(ctx context.Context, id string) (Subscription, error) {
	return Subscription{}, h.wait(ctx)
}
func (h *hungStore) Answers(ctx context.Context, scope string, since time.Time) ([]QuizAnswer, error) {
	return nil, h.wait(ctx)
}

// TestHungStore: a store that hangs costs a command its own short
// deadline, not the request's, and the degraded reply still goes out.
func TestHungStore(t *testing.T) {
	testBot(t)
	b := New(shipped, WithStore(&hungStore{memStore: newMemStore()}), WithStoreTimeout(50*time.Millisecond))
	done := make(chan Reply, 1)
	go func() {
		done <- b.Handle(context.Background(), Request{Command: "leaderboard", Platform: "slack", Channel: "C1"})
	}()
	select {
	case r := <-done:
		if r.Kind != KindError || !strings.Contains(r.Text, "degraded") {
			t.Errorf("leaderboard = %+v; want the degraded reply", r)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("a store command waited on a hung store without a deadline")
	}
}

// TestStoreCommandsDoNotStarveQuestions: with the database hung, store
// commands fill only their own cap, and questions still get answers.
func TestStoreCommandsDoNotStarveQuestions(t *testing.T) {
	testBot(t)
	st := &hungStore{memStore: newMemStore()}
	b := New(shipped, WithStore(st), WithStoreTimeout(time.Second), WithLimits(Limits{Concurrent: 4}))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b.Handle(ctx, Request{Command: "leaderboard", Platform: "slack", Channel: "C1"})
		}()
	}
	// Let the store commands take their slots.
	deadline := time.Now().Add(time.Second)
	for time.Now().Before(deadline) {
		st.mu.Lock()
		n := st.calls
		st.mu.Unlock()
		if n > 0 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond)
	for i := range 3 {
		r := b.Handle(ctx, Request{Command: "ask", Text: "how does consistent hashing work", Platform: "slack", Channel: "C1"})
		if r.Kind != KindAnswer {
			t.Errorf("ask %d while the store hangs = %+v; want an answer", i, r)
		}
	}
	cancel()
	wg.Wait()
}

// panicky is a knowledge core whose search panics.
type panicky struct{ Knowledge }

func (panicky) Answer(context.Context, string) (*knowledge.Answer, error) { panic("boom") }

// TestPanicRecovered: a panic in a command is logged and answered
// politely instead of killing the process.
func TestPanicRecovered(t *testing.T) {
	testBot(t)
	var logs bytes.Buffer
	b := New(panicky{shipped}, WithLogger(slog.New(slog.NewJSONHandler(&logs, nil))))
	r := b.Handle(context.Background(), Request{Command: "ask", Text: "anything", ID: "req-42"})
	if r.Kind != KindError || !strings.Contains(r.Text, "Sorry") || !r.Ephemeral {
		t.Errorf("reply = %+v; want a polite private error", r)
	}
	if !strings.Contains(logs.String(), "boom") || !strings.Contains(logs.String(), "req-42") {
		t.Errorf("log = %s; want the panic and the request id", logs.String())
	}
}

// TestTodayBadZone: a subscription whose zone no longer loads still
// gets today's topic, counted in UTC, and the problem is logged.
func TestTodayBadZone(t *testing.T) {
	now := time.Date(2026, 3, 3, 10, 0, 0, 0, time.UTC)
	b, st, _ := studyBot(t, now)
	var logs bytes.Buffer
	b.log = slog.New(slog.NewJSONHandler(&logs, nil))
	st.subs["slack:T1:C1"] = Subscription{ID: "slack:T1:C1", Platform: "slack", Workspace: "T1", Channel: "C1", Time: "09:00", TZ: "Gone/Zone", Days: EveryDay}
	r := b.Handle(context.Background(), Request{Command: "today", Platform: "slack", Workspace: "T1", Channel: "C1"})
	if r.Kind != KindAnswer {
		t.Errorf("today = %+v; want a topic", r)
	}
	if !strings.Contains(logs.String(), "Gone/Zone") {
		t.Errorf("log = %s; want the bad zone", logs.String())
	}
}

// failing is a store whose reads fail.
type failing struct{ *memStore }

func (failing) Subscriptions(context.Context) ([]Subscription, error) {
	return nil, errors.New("relation subscriptions does not exist")
}

// TestSorryIsLogged: every "Sorry" reply leaves the error behind it in the
// log with the request id.
func TestSorryIsLogged(t *testing.T) {
	testBot(t)
	var logs bytes.Buffer
	b := New(shipped, WithStore(failing{newMemStore()}), WithLogger(slog.New(slog.NewJSONHandler(&logs, nil))))
	r := b.Handle(context.Background(), Request{Command: "subscriptions", Platform: "slack", Channel: "C1", ID: "req-7"})
	if !strings.HasPrefix(r.Text, "Sorry") {
		t.Fatalf("reply = %+v; want a Sorry", r)
	}
	if !strings.Contains(logs.String(), "relation subscriptions does not exist") || !strings.Contains(logs.String(), "req-7") {
		t.Errorf("log = %s; want the error and the request id", logs.String())
	}
}
