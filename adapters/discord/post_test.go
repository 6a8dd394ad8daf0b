package discord

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/sdbot/sdbot/bot"
)

func rateLimited(retryAfter string) func(w http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		io.WriteString(w, `{"message":"You are being rate limited.","retry_after":`+retryAfter+`,"global":false}`)
	}
}

func status(code int) func(w http.ResponseWriter) {
	return func(w http.ResponseWriter) { w.WriteHeader(code) }
}

func TestPost(t *testing.T) {
	ok := func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":"777","channel_id":"222222222222222222"}`)
	}
	tests := []struct {
		name    string
		answers []func(w http.ResponseWriter) // per call; the last repeats
		calls   int
		wantErr string
		maxTime time.Duration
	}{
		{"first time", []func(http.ResponseWriter){ok}, 1, "", time.Second},
		{"after two 429s", []func(http.ResponseWriter){rateLimited("0.02"), rateLimited("0.02"), ok}, 3, "", time.Second},
		{"429 for ever, bounded", []func(http.ResponseWriter){rateLimited("0.01")}, 4, "after 3 retries", time.Second},
		{"retry_after too long", []func(http.ResponseWriter){rateLimited("60")}, 1, "rate limited by discord for 1m0s", time.Second},
		// A retry carries the same nonce with enforce_nonce, so Discord
		// returns the first message if the failed try made one.
		{"500 is retried", []func(http.ResponseWriter){status(500), ok}, 2, "", 2 * time.Second},
		{"502 is retried", []func(http.ResponseWriter){status(502), ok}, 2, "", 2 * time.Second},
		{"503 for ever, bounded", []func(http.ResponseWriter){status(503)}, 3, "503", 3 * time.Second},
		{"server error", []func(http.ResponseWriter){func(w http.ResponseWriter) {
			w.WriteHeader(http.StatusForbidden)
			io.WriteString(w, `{"message":"Missing Access","code":50001}`)
		}}, 1, "Missing Access", time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newFakeAPI(t, func(n int, _ apiCall, w http.ResponseWriter) {
				tt.answers[min(n, len(tt.answers)-1)](w)
			})
			var logs bytes.Buffer
			a := newAdapter(t, &fakeBot{}, api, &logs, nil)
			start := time.Now()
			id, err := a.Post(t.Context(), testChannel, bot.Reply{Title: "Topic of the day", Text: "Bloom filters", Ephemeral: true, TopicID: "bloom-filter",
				Buttons: []bot.Button{{Label: "LSM tree", Action: "topic", Value: "lsm-tree"}}})
			if took := time.Since(start); took > tt.maxTime {
				t.Errorf("took %s", took)
			}
			calls := api.Calls()
			if len(calls) != tt.calls {
				t.Errorf("%d calls; want %d", len(calls), tt.calls)
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Post error = %v; want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || id != "777" {
				t.Fatalf("Post = %q, %v; want 777", id, err)
			}
			var nonce string
			for _, c := range calls {
				var m struct {
					Nonce        string `json:"nonce"`
					EnforceNonce bool   `json:"enforce_nonce"`
				}
				json.Unmarshal(c.Body, &m)
				if m.Nonce == "" || len(m.Nonce) > 25 || !m.EnforceNonce || (nonce != "" && m.Nonce != nonce) {
					t.Errorf("nonce %q (enforced %v) after %q; want one nonce of at most 25 characters, enforced, on every try", m.Nonce, m.EnforceNonce, nonce)
				}
				nonce = m.Nonce
			}
			c := calls[len(calls)-1]
			if c.Method != "POST" || c.Path != "/api/v9/channels/"+testChannel+"/messages" || c.Auth != "Bot "+testToken {
				t.Errorf("call = %s %s auth %q", c.Method, c.Path, c.Auth)
			}
			var msg struct {
				Flags  int `json:"flags"`
				Embeds []struct {
					Title string `json:"title"`
				} `json:"embeds"`
				Components      []json.RawMessage `json:"components"`
				AllowedMentions struct {
					Parse []string `json:"parse"`
				} `json:"allowed_mentions"`
			}
			if err := json.Unmarshal(c.Body, &msg); err != nil {
				t.Fatal(err)
			}
			if msg.Flags != 0 || len(msg.Embeds) != 1 || msg.Embeds[0].Title != "Topic of the day" || len(msg.Components) != 1 {
				t.Errorf("message = %s", c.Body)
			}
			if strings.Contains(string(c.Body), "sd:share") {
				t.Errorf("a channel post offers Share: %s", c.Body)
			}
			if strings.Contains(logs.String(), testToken) {
				t.Errorf("token in logs: %s", logs.String())
			}
		})
	}
}

func TestPostThread(t *testing.T) {
	tests := []struct {
		name       string
		threadCode int
	}{
		{"thread started", http.StatusCreated},
		{"thread refused, post still counts", http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newFakeAPI(t, func(n int, c apiCall, w http.ResponseWriter) {
				if strings.HasSuffix(c.Path, "/threads") {
					w.WriteHeader(tt.threadCode)
					io.WriteString(w, `{"id":"888"}`)
					return
				}
				io.WriteString(w, `{"id":"777"}`)
			})
			a := newAdapter(t, &fakeBot{}, api, nil, nil)
			id, err := a.Post(t.Context(), testChannel, bot.Reply{Title: "Topic of the day: Bloom filters", Text: "x", Thread: true})
			if err != nil || id != "777" {
				t.Fatalf("Post = %q, %v; want 777", id, err)
			}
			calls := api.Calls()
			if len(calls) != 2 || calls[1].Path != "/api/v9/channels/"+testChannel+"/messages/777/threads" ||
				!strings.Contains(string(calls[1].Body), `"name":"Topic of the day: Bloom filters"`) {
				t.Errorf("calls = %+v", calls)
			}
		})
	}
}

func TestPostStopsWithContext(t *testing.T) {
	api := newFakeAPI(t, func(_ int, _ apiCall, w http.ResponseWriter) { rateLimited("5")(w) })
	a := newAdapter(t, &fakeBot{}, api, nil, nil)
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := a.Post(ctx, testChannel, bot.Reply{Text: "x"})
	if err == nil || time.Since(start) > 2*time.Second {
		t.Errorf("Post = %v after %s; want a context error at once", err, time.Since(start))
	}
}

func TestPostRefuses(t *testing.T) {
	tests := []struct {
		name, channel string
		edit          func(*Config)
	}{
		{"channel not an id", "../../users/@me", nil},
		{"no token", testChannel, func(c *Config) { c.BotToken = "" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newFakeAPI(t, nil)
			a := newAdapter(t, &fakeBot{}, api, nil, tt.edit)
			if _, err := a.Post(t.Context(), tt.channel, bot.Reply{Text: "x"}); err == nil {
				t.Errorf("Post = nil error")
			}
			if len(api.Calls()) != 0 {
				t.Errorf("API called")
			}
		})
	}
}

func TestRedirect(t *testing.T) {
	tests := []struct {
		base, in, want string
	}{
		{"http://proxy.test/api/v9", "https://discord.com/api/v9/channels/1/messages", "http://proxy.test/api/v9/channels/1/messages"},
		{"http://proxy.test/", "https://discord.com/api/v9/webhooks/1/tok/messages/@original?wait=true", "http://proxy.test/webhooks/1/tok/messages/@original?wait=true"},
		{"http://proxy.test", "https://cdn.discordapp.com/avatars/1/a.png", "https://cdn.discordapp.com/avatars/1/a.png"},
	}
	for _, tt := range tests {
		var got string
		rt := &redirect{next: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			got = r.URL.String()
			if r.Host != r.URL.Host {
				t.Errorf("Host = %q; want %q", r.Host, r.URL.Host)
			}
			return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader("")), Request: r}, nil
		})}
		var err error
		if rt.base, err = url.Parse(tt.base); err != nil {
			t.Fatal(err)
		}
		req, _ := http.NewRequest("GET", tt.in, nil)
		if _, err := rt.RoundTrip(req); err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("redirect(%s) of %s = %s; want %s", tt.base, tt.in, got, tt.want)
		}
		if req.URL.String() != tt.in {
			t.Errorf("original request changed to %s", req.URL)
		}
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestPostHangs: a Discord that never answers is cut off by the context's
// deadline, and the post is not sent again.
func TestPostHangs(t *testing.T) {
	api := newFakeAPI(t, func(n int, _ apiCall, w http.ResponseWriter) { time.Sleep(time.Second) })
	a := newAdapter(t, &fakeBot{}, api, nil, nil)
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, err := a.Post(ctx, testChannel, bot.Reply{Title: "x"}); err == nil {
		t.Fatal("Post succeeded against a hanging API")
	}
	if took := time.Since(start); took > 700*time.Millisecond {
		t.Errorf("took %s; the deadline must cut the call short", took)
	}
	if n := len(api.Calls()); n > 1 {
		t.Errorf("%d calls; a post must not be repeated", n)
	}
}
