package slack

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/sdbot/sdbot/bot"
)

// TestPostFaults: Slack answering 5xx, 429 without Retry-After, or not at
// all. A post is never repeated after a 5xx or a timeout, since Slack may
// have acted on it (chat.postMessage has no idempotency key): a claimed
// daily post must not appear twice.
func TestPostFaults(t *testing.T) {
	tests := []struct {
		name      string
		handler   func(n int32, w http.ResponseWriter)
		timeout   time.Duration
		wantCalls int32
		wantErr   error
	}{
		{"500 is not retried", func(n int32, w http.ResponseWriter) { w.WriteHeader(500) }, 5 * time.Second, 1, nil},
		{"503 is not retried", func(n int32, w http.ResponseWriter) { w.WriteHeader(503) }, 5 * time.Second, 1, nil},
		{"429 without Retry-After is retried", func(n int32, w http.ResponseWriter) {
			if n == 1 {
				w.WriteHeader(http.StatusTooManyRequests)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"ok":true,"ts":"1.2"}`))
		}, 10 * time.Second, 2, nil},
		{"hanging past the deadline", func(n int32, w http.ResponseWriter) { time.Sleep(time.Second) }, 200 * time.Millisecond, 1, context.DeadlineExceeded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				tt.handler(calls.Add(1), w)
			}))
			defer srv.Close()
			a := newTestAdapter(t, Config{APIURL: srv.URL + "/"}, realBot(t), time.Now())
			ctx, cancel := context.WithTimeout(context.Background(), tt.timeout)
			defer cancel()
			start := time.Now()
			_, err := a.Post(ctx, "C1", bot.Reply{Title: "Topic of the day", Text: "x"})
			if calls.Load() != tt.wantCalls {
				t.Errorf("%d calls; want %d", calls.Load(), tt.wantCalls)
			}
			switch {
			case tt.wantCalls == 2 && err != nil:
				t.Errorf("Post = %v; want success after the retry", err)
			case tt.wantCalls == 1 && err == nil:
				t.Error("Post hid the failure")
			case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
				t.Errorf("Post = %v; want %v", err, tt.wantErr)
			}
			if tt.wantErr != nil && time.Since(start) > time.Second {
				t.Errorf("took %s; the deadline must cut the call short", time.Since(start))
			}
		})
	}
}

// TestPostRefusedConnection: a connection that was never made sent
// nothing, so even a post is tried again, once Slack listens.
func TestPostRefusedConnection(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	var calls atomic.Int32
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"ok":true,"ts":"1.5"}`))
	})}
	go func() {
		time.Sleep(100 * time.Millisecond)
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			t.Errorf("listen again on %s: %v", addr, err)
			return
		}
		srv.Serve(ln)
	}()
	defer srv.Close()
	a := newTestAdapter(t, Config{APIURL: "http://" + addr + "/"}, realBot(t), time.Now())
	ts, err := a.Post(t.Context(), "C1", bot.Reply{Title: "Topic of the day", Text: "x"})
	if err != nil || ts != "1.5" || calls.Load() != 1 {
		t.Errorf("Post = %q, %v with %d calls; want 1.5 after one refused connection", ts, err, calls.Load())
	}
}

// TestRespondServerError: replacing the original message is repeated after
// a 5xx (twice changes nothing); a new reply is not (it could show twice).
func TestRespondServerError(t *testing.T) {
	for _, replace := range []bool{true, false} {
		var calls atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if calls.Add(1) == 1 {
				w.WriteHeader(http.StatusBadGateway)
			}
		}))
		a := newTestAdapter(t, Config{APIURL: srv.URL + "/"}, realBot(t), time.Now())
		a.respond(t.Context(), srv.URL+"/hook/T1/secret", &slack.WebhookMessage{Text: "x", ReplaceOriginal: replace})
		want := int32(1)
		if replace {
			want = 2
		}
		if calls.Load() != want {
			t.Errorf("replace_original %v: %d calls; want %d", replace, calls.Load(), want)
		}
		srv.Close()
	}
}
