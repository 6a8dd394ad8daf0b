package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slacktest"

	"github.com/sdbot/sdbot/bot"
)

// postRecorder replaces slacktest's chat.postMessage, which does not keep
// what it receives, and can answer 429 first.
type postRecorder struct {
	mu         sync.Mutex
	calls      int
	limited    int    // answer this many calls with 429
	retryAfter string // their Retry-After
	forms      []map[string]string
}

func (p *postRecorder) bind(c slacktest.Customize) {
	c.Handle("/chat.postMessage", func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		defer p.mu.Unlock()
		p.calls++
		if p.calls <= p.limited {
			w.Header().Set("Retry-After", p.retryAfter)
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		form := map[string]string{}
		for k := range r.PostForm {
			form[k] = r.PostForm.Get(k)
		}
		p.forms = append(p.forms, form)
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"ok": true, "channel": form["channel"], "ts": fmt.Sprintf("1700000000.%06d", p.calls)})
	})
}

func newSlackServer(t *testing.T, binders ...slacktest.Binder) *slacktest.Server {
	t.Helper()
	s := slacktest.NewTestServer(binders...)
	s.Start()
	t.Cleanup(s.Stop)
	return s
}

func TestPost(t *testing.T) {
	rec := &postRecorder{}
	s := newSlackServer(t, rec.bind)
	a := newTestAdapter(t, Config{APIURL: s.GetAPIURL()}, realBot(t), time.Now())
	// A public card, as the scheduler posts one: no Share button.
	r := realBot(t).Handle(context.Background(), bot.Request{Command: "share", Text: "consistent-hashing", User: bot.User{ID: "U1"}})

	ts, err := a.Post(context.Background(), "C123", r)
	if err != nil || ts != "1700000000.000001" {
		t.Fatalf("Post = %q, %v; want the message ts", ts, err)
	}
	if len(rec.forms) != 1 {
		t.Fatalf("%d posts recorded; want 1", len(rec.forms))
	}
	form := rec.forms[0]
	if form["channel"] != "C123" || form["token"] != testBotToken || form["text"] != "Consistent hashing" || form["unfurl_links"] != "false" {
		t.Errorf("posted channel=%q text=%q unfurl=%q; want C123, the title, no unfurl", form["channel"], form["text"], form["unfurl_links"])
	}
	var blocks slack.Blocks
	if err := json.Unmarshal([]byte(form["blocks"]), &blocks); err != nil {
		t.Fatalf("blocks: %v", err)
	}
	v := view(blocks.BlockSet)
	if v.header != "Consistent hashing" || len(v.sections) == 0 {
		t.Errorf("posted %+v; want the card", v)
	}
	for _, act := range v.actions() {
		if act == "share:consistent-hashing" {
			t.Error("channel post offers to share itself")
		}
	}
}

func TestPostRateLimited(t *testing.T) {
	tests := []struct {
		name       string
		limited    int
		retryAfter string
		maxRetries int
		wantCalls  int
		wantErr    bool
	}{
		{"retried after Retry-After", 2, "0", 0, 3, false},
		{"gives up after max retries", 10, "0", 0, 4, true},
		{"no retries configured", 1, "0", -1, 1, true},
		{"wait too long", 1, "120", 0, 1, true},
	}
	r := bot.Reply{Title: "Hello", Text: "world"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &postRecorder{limited: tt.limited, retryAfter: tt.retryAfter}
			s := newSlackServer(t, rec.bind)
			a := newTestAdapter(t, Config{APIURL: s.GetAPIURL(), MaxRetries: tt.maxRetries}, realBot(t), time.Now())
			start := time.Now()
			_, err := a.Post(context.Background(), "C1", r)
			if (err != nil) != tt.wantErr || rec.calls != tt.wantCalls {
				t.Errorf("Post error %v after %d calls; want error %v after %d", err, rec.calls, tt.wantErr, tt.wantCalls)
			}
			if err != nil && !errors.Is(err, errRateLimited) {
				t.Errorf("error %v; want errRateLimited", err)
			}
			if time.Since(start) > 2*time.Second {
				t.Errorf("took %s; a long Retry-After must not be waited out", time.Since(start))
			}
		})
	}
}

func TestPostWaitHonoursContext(t *testing.T) {
	rec := &postRecorder{limited: 1, retryAfter: "20"}
	s := newSlackServer(t, rec.bind)
	a := newTestAdapter(t, Config{APIURL: s.GetAPIURL()}, realBot(t), time.Now())
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := a.Post(ctx, "C1", bot.Reply{Text: "x"}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Post = %v; want the context's deadline", err)
	}
}

func TestResponseURLRateLimited(t *testing.T) {
	h := newHook(t, http.StatusTooManyRequests, http.StatusTooManyRequests)
	a := newTestAdapter(t, Config{}, realBot(t), time.Now())
	a.respond(context.Background(), h.url, message(bot.Reply{Title: "Hi"}, slack.ResponseTypeEphemeral))
	if m := h.next(t); view(blocksOf(m)).header != "Hi" {
		t.Errorf("posted %+v; want the reply after two 429s", m)
	}
}
