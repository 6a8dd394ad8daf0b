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
