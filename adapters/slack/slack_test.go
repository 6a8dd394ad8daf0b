package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/sdbot/sdbot/bot"
	"github.com/sdbot/sdbot/knowledge"
)

const (
	testSecret   = "8f742231b10e8888abcd99yyyzzz85a5"
	testBotToken = "xoxb-test-bot-token"
	testAppToken = "xapp-1-test-app-token"
)

var (
	indexOnce sync.Once
	shipped   *knowledge.Index
	indexErr  error
)

// realBot is the bot over the shipped cards, built once per test binary.
func realBot(tb testing.TB) *bot.Bot {
	tb.Helper()
	indexOnce.Do(func() {
		set, _ := knowledge.Load()
		shipped, indexErr = knowledge.NewIndex(set)
	})
	if indexErr != nil {
		tb.Fatal(indexErr)
	}
	return bot.New(shipped)
}

// slowBot wraps a bot, counts the requests it handles and can take its time.
type slowBot struct {
	commander
	delay time.Duration
	calls atomic.Int32
}

func (s *slowBot) Handle(ctx context.Context, req bot.Request) bot.Reply {
	s.calls.Add(1)
	if s.delay > 0 {
		select {
		case <-time.After(s.delay):
		case <-ctx.Done():
		}
	}
	return s.commander.Handle(ctx, req)
}

// syncBuffer collects logs written from several goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// newTestAdapter returns an HTTP-mode adapter whose clock reads now and
// whose logs are checked for secrets when the test ends.
func newTestAdapter(t *testing.T, cfg Config, b commander, now time.Time) *Adapter {
	t.Helper()
	if cfg.BotToken == "" {
		cfg.BotToken = testBotToken
	}
	if cfg.SigningSecret == "" && cfg.Mode != ModeSocket {
		cfg.SigningSecret = testSecret
	}
	logs := &syncBuffer{}
	cfg.Logger = slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	a, err := New(cfg, b)
	if err != nil {
		t.Fatal(err)
	}
	a.now = func() time.Time { return now }
	t.Cleanup(func() {
		a.tasks.Wait(context.Background())
		for _, secret := range []string{testSecret, testBotToken, testAppToken, "/hook/"} {
			if strings.Contains(logs.String(), secret) {
				t.Errorf("logs contain a secret or response_url %q:\n%s", secret, logs.String())
			}
		}
	})
	return a
}

// signedRequest builds a request as Slack would send it at time ts.
func signedRequest(path string, body string, ts time.Time) *http.Request {
	r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	stamp := strconv.FormatInt(ts.Unix(), 10)
	r.Header.Set(headerTimestamp, stamp)
	r.Header.Set(headerSignature, sign(testSecret, stamp, []byte(body)))
	return r
}

// hook is a fake response_url that records what is posted to it.
type hook struct {
	url  string
	msgs chan slack.WebhookMessage
}

// newHook serves a response_url; statuses, if given, are answered in turn
// before it starts accepting (for rate-limit tests).
func newHook(t *testing.T, statuses ...int) *hook {
	t.Helper()
	h := &hook{msgs: make(chan slack.WebhookMessage, 16)}
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		var status int
		if len(statuses) > 0 {
			status, statuses = statuses[0], statuses[1:]
		}
		mu.Unlock()
		if status == http.StatusTooManyRequests {
			w.Header().Set("Retry-After", "0")
		}
		if status != 0 {
			w.WriteHeader(status)
			return
		}
		var m slack.WebhookMessage
		if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
			t.Errorf("response_url body: %v", err)
		}
		h.msgs <- m
		_, _ = io.WriteString(w, "ok")
	}))
	t.Cleanup(srv.Close)
	h.url = srv.URL + "/hook/T1/1/secret"
	return h
}

// next waits for the next message posted to the hook.
func (h *hook) next(t *testing.T) slack.WebhookMessage {
	t.Helper()
	select {
	case m := <-h.msgs:
		return m
	case <-time.After(5 * time.Second):
		t.Fatal("nothing posted to response_url")
		return slack.WebhookMessage{}
	}
}

// commandForm is a slash command's form body.
func commandForm(text, responseURL string) string {
	return url.Values{
		"token": {"ignored"}, "team_id": {"T1"}, "team_domain": {"acme"},
		"channel_id": {"C1"}, "channel_name": {"general"},
		"user_id": {"U1"}, "user_name": {"ada"},
		"command": {"/sd"}, "text": {text},
		"response_url": {responseURL}, "trigger_id": {"1.2.3"},
	}.Encode()
}

// blockView is a rendered message flattened for assertions.
type blockView struct {
	header   string
	sections []string
	context  []string
	buttons  []*slack.ButtonBlockElement
}

func view(blocks []slack.Block) blockView {
	var v blockView
	for _, b := range blocks {
		switch b := b.(type) {
		case *slack.HeaderBlock:
			v.header = b.Text.Text
		case *slack.SectionBlock:
			v.sections = append(v.sections, b.Text.Text)
		case *slack.ContextBlock:
			for _, e := range b.ContextElements.Elements {
				if t, ok := e.(*slack.TextBlockObject); ok {
					v.context = append(v.context, t.Text)
				}
			}
		case *slack.ActionBlock:
			for _, e := range b.Elements.ElementSet {
				if btn, ok := e.(*slack.ButtonBlockElement); ok {
					v.buttons = append(v.buttons, btn)
				}
			}
		}
	}
	return v
}

func (v blockView) text() string { return strings.Join(v.sections, "\n") }

func (v blockView) actions() []string {
	var out []string
	for _, b := range v.buttons {
		out = append(out, buttonAction(b.ActionID)+":"+b.Value)
	}
	return out
}

func blocksOf(m slack.WebhookMessage) []slack.Block {
	if m.Blocks == nil {
		return nil
	}
	return m.Blocks.BlockSet
}

func TestNew(t *testing.T) {
	b := realBot(t)
	tests := []struct {
		name string
		cfg  Config
		ok   bool
	}{
		{"http", Config{BotToken: "xoxb-1", SigningSecret: "s"}, true},
		{"http needs secret", Config{BotToken: "xoxb-1"}, false},
		{"socket", Config{Mode: ModeSocket, BotToken: "xoxb-1", AppToken: "xapp-1"}, true},
		{"socket needs app token", Config{Mode: ModeSocket, BotToken: "xoxb-1", AppToken: "xoxb-2"}, false},
		{"bot token", Config{SigningSecret: "s"}, false},
		{"bad mode", Config{Mode: "rtm", BotToken: "xoxb-1", SigningSecret: "s"}, false},
		{"api url", Config{BotToken: "xoxb-1", SigningSecret: "s", APIURL: "http://127.0.0.1:1/api"}, true},
		{"bad api url", Config{BotToken: "xoxb-1", SigningSecret: "s", APIURL: "slack.com/api"}, false},
		{"blank secret", Config{BotToken: "xoxb-1", SigningSecret: " \t\n "}, false},
		{"secret with a newline", Config{BotToken: "xoxb-1", SigningSecret: "s\n"}, false},
		{"blank bot token", Config{BotToken: "   ", SigningSecret: "s"}, false},
		{"app token with a newline", Config{Mode: ModeSocket, BotToken: "xoxb-1", AppToken: "xapp-1\n"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.cfg, b)
			if (err == nil) != tt.ok {
				t.Fatalf("New(%+v) error = %v; want ok %v", tt.cfg, err, tt.ok)
			}
			if err != nil && (strings.Contains(err.Error(), "xoxb-") || strings.Contains(err.Error(), `"s"`)) {
				t.Errorf("error %q shows a secret", err)
			}
		})
	}
}

func TestRunHTTPModeReturnsWhenContextEnds(t *testing.T) {
	a := newTestAdapter(t, Config{}, realBot(t), time.Now())
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run = %v; want nil", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
}
