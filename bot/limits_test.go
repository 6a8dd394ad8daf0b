package bot

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sdbot/sdbot/knowledge"
)

func TestRateLimits(t *testing.T) {
	testBot(t)
	clk := &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	b := New(shipped, WithClock(clk.now), WithLimits(Limits{UserPerMinute: 12, ChannelPerMinute: 20}))
	req := func(user, channel string) Reply {
		return b.Handle(context.Background(), Request{Command: "topic", Text: "bloom-filter", Platform: "slack", Workspace: "T", Channel: channel, User: User{ID: user}})
	}
	// A burst of 3 (12/4) per user, then one every 5 s.
	for i := range 3 {
		if r := req("U1", "C1"); r.Kind == KindError {
			t.Fatalf("request %d refused: %+v", i, r)
		}
	}
	r := req("U1", "C1")
	if r.Kind != KindError || !strings.Contains(r.Text, "you are sending commands too fast") || !strings.Contains(r.Text, "5 seconds") {
		t.Fatalf("fourth request = %+v; want a per-user refusal", r)
	}
	if r := req("U2", "C1"); r.Kind == KindError {
		t.Errorf("another user was limited: %+v", r)
	}
	clk.set(clk.now().Add(4500 * time.Millisecond))
	if r := req("U1", "C1"); !strings.Contains(r.Text, "Try again in 1 second.") {
		t.Errorf("refused half a second before the next token = %q; want \"1 second\"", r.Text)
	}
	clk.set(clk.now().Add(5 * time.Second))
	if r := req("U1", "C1"); r.Kind == KindError {
		t.Errorf("after 5 s still refused: %+v", r)
	}
	// The channel allows a burst of 5 (20/4) across users.
	for u := range 5 {
		req(string(rune('a'+u)), "C2")
	}
	if r := req("z", "C2"); !strings.Contains(r.Text, "this channel is") {
		t.Errorf("channel burst not limited: %+v", r)
	}
}

// slowKB holds each answer until release is closed.
type slowKB struct {
	Knowledge
	release chan struct{}
	entered chan struct{}
}

func (s *slowKB) Answer(ctx context.Context, q string) (*knowledge.Answer, error) {
	s.entered <- struct{}{}
	<-s.release
	return s.Knowledge.Answer(ctx, q)
}

func TestConcurrencyCap(t *testing.T) {
	testBot(t)
	slow := &slowKB{Knowledge: shipped, release: make(chan struct{}), entered: make(chan struct{}, 10)}
	b := New(slow, WithLimits(Limits{Concurrent: 2}))
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b.Handle(context.Background(), Request{Command: "ask", Text: "bloom filter"})
		}()
	}
	<-slow.entered
	<-slow.entered
	r := b.Handle(context.Background(), Request{Command: "ask", Text: "bloom filter"})
	if r.Kind != KindError || !strings.Contains(r.Text, "busy") {
		t.Errorf("third concurrent request = %+v; want busy", r)
	}
	close(slow.release)
	wg.Wait()
	if r := b.Handle(context.Background(), Request{Command: "ask", Text: "bloom filter"}); r.Kind != KindAnswer {
		t.Errorf("after the others finished = %+v", r)
	}
}

// TestTextLimit checks that MaxText covers the whole typed text, first word
// included, and that a refusal does not echo what was typed.
func TestTextLimit(t *testing.T) {
	b := testBot(t)
	word := strings.Repeat("w", 1_000_000)
	tests := []struct {
		name    string
		req     Request
		refused bool
	}{
		{"one huge word", b.Parse(word), true},
		{"huge word after the command", b.Parse("topic " + word), true},
		{"huge invalid UTF-8", b.Parse(strings.Repeat("\xff", 10_000)), true},
		{"one over across command and text", b.Parse("topic " + strings.Repeat("x", MaxText-5)), true},
		{"exactly the limit", b.Parse("topic " + strings.Repeat("x", MaxText-6)), false},
		{"multi-byte characters count once", b.Parse("topic " + strings.Repeat("é", MaxText-6)), false},
		{"options count together", Request{Command: "subscribe", Options: map[string]string{
			"time": strings.Repeat("1", 1200), "tz": strings.Repeat("z", 1200)}}, true},
		{"a long command name", Request{Command: strings.Repeat("c", MaxText+1)}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := b.Handle(context.Background(), tt.req)
			refused := r.Kind == KindError && strings.Contains(r.Text, "too long")
			if refused != tt.refused {
				t.Fatalf("Handle = %.200q; refused %v, want %v", r.Text, refused, tt.refused)
			}
			if refused && len(r.Text)+len(r.Title)+len(r.Footer) > 200 {
				t.Errorf("refusal is %d bytes; it must not echo the text", len(r.Text))
			}
		})
	}
	if req := b.Parse(word); req.Command != "" || req.Text != "" {
		t.Errorf("Parse(huge word) read the text: command %d bytes, text %d bytes", len(req.Command), len(req.Text))
	}
}

// TestSaidText: a message said to the bot keeps its first MaxText
// characters, so Parse reads it instead of refusing it as too long.
func TestSaidText(t *testing.T) {
	for _, s := range []string{"how does kafka work", strings.Repeat("é", MaxText), strings.Repeat("é", MaxText+1), strings.Repeat("ab ", MaxText)} {
		got := SaidText(s)
		if want := string([]rune(s)[:min(MaxText, len([]rune(s)))]); got != want {
			t.Errorf("SaidText of %d characters = %d characters; want its first %d", len([]rune(s)), len([]rune(got)), len([]rune(want)))
		}
		if overLimit(got) {
			t.Errorf("SaidText of %d characters is over MaxText", len([]rune(s)))
		}
	}
}
