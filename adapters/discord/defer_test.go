package discord

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sdbot/sdbot/bot"
)

// TestDeferred runs a command that outlasts DeferAfter: the HTTP answer is
// a type 5 deferral whose visibility is the bot's prediction, and the
// reply is edited into it; a reply whose visibility turns out otherwise
// goes in a follow-up of its own and the deferral is deleted, so the user
// sees what the bot decided whether the answer was fast or slow.
func TestDeferred(t *testing.T) {
	card := bot.Reply{Title: "Bloom filters", Text: "A compact set.", Kind: bot.KindAnswer, TopicID: "bloom-filter"}
	private := card
	private.Ephemeral = true
	private.Buttons = []bot.Button{{Label: "Share in channel", Action: "share", Value: "bloom-filter", Primary: true}}
	yes, no := true, false
	tests := []struct {
		name     string
		body     string
		reply    bot.Reply
		predict  *bool // nil: the prediction matches the reply
		deferred bool  // the deferral is ephemeral
		calls    []string
		flags    int // of the message carrying the answer
	}{
		{"slow private answer", command("ask", map[string]string{"question": "slow"}, "0"), private, nil, true,
			[]string{"PATCH @original"}, 64},
		{"slow share", click("sd:share:bloom-filter"), card, nil, false,
			[]string{"PATCH @original"}, 0},
		{"predicted public, turned private", command("quiz", nil, "0"), private, &no, false,
			[]string{"POST followup", "DELETE @original"}, 64},
		{"predicted private, turned public", command("quiz", nil, "0"), card, &yes, true,
			[]string{"POST followup", "DELETE @original"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newFakeAPI(t, func(_ int, c apiCall, w http.ResponseWriter) {
				if c.Method == "DELETE" {
					w.WriteHeader(http.StatusNoContent)
					return
				}
				w.Write([]byte(`{"id":"1"}`))
			})
			fb := &fakeBot{reply: tt.reply, private: tt.predict, gate: make(chan struct{})}
			var logs bytes.Buffer
			a := newAdapter(t, fb, api, &logs, func(c *Config) {
				c.DeferAfter = 20 * time.Millisecond
				c.BotToken = ""
			})
			start := time.Now()
			w := serve(t, a, tt.body)
			if took := time.Since(start); took > time.Second {
				t.Errorf("deferral took %s", took)
			}
			r := decode(t, w.Body.Bytes())
			if r.Type != 5 {
				t.Fatalf("type = %d (%s); want 5", r.Type, w.Body)
			}
			if got := r.Data.Flags&64 != 0; got != tt.deferred {
				t.Errorf("deferral ephemeral = %v; want %v", got, tt.deferred)
			}
			if len(api.Calls()) != 0 {
				t.Fatalf("edited before the bot answered")
			}
			close(fb.gate)
			if err := a.inflight.Wait(t.Context()); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range api.Calls() {
				switch {
				case strings.HasSuffix(c.Path, "/interaction-token-xyz/messages/@original"):
					got = append(got, c.Method+" @original")
				case strings.HasSuffix(c.Path, "/webhooks/"+testAppID+"/interaction-token-xyz"):
					got = append(got, c.Method+" followup")
				default:
					got = append(got, c.Method+" "+c.Path)
				}
			}
			if strings.Join(got, ", ") != strings.Join(tt.calls, ", ") {
				t.Fatalf("calls = %v; want %v", got, tt.calls)
			}
			var msg struct {
				Flags  int `json:"flags"`
				Embeds []struct {
					Title string `json:"title"`
				} `json:"embeds"`
			}
			if err := json.Unmarshal(api.Calls()[0].Body, &msg); err != nil {
				t.Fatal(err)
			}
			if len(msg.Embeds) != 1 || msg.Embeds[0].Title != "Bloom filters" {
				t.Errorf("answer body = %s", api.Calls()[0].Body)
			}
			if tt.calls[0] == "POST followup" && msg.Flags&64 != tt.flags {
				t.Errorf("follow-up flags = %d; want %d", msg.Flags, tt.flags)
			}
			if strings.Contains(logs.String(), "interaction-token-xyz") {
				t.Errorf("interaction token in logs: %s", logs.String())
			}
		})
	}
}

// TestDeferredEditFails checks a failing edit is logged without the
// interaction token, which is in the edit's URL.
func TestDeferredEditFails(t *testing.T) {
	api := newFakeAPI(t, nil)
	api.Close() // connection refused
	fb := &fakeBot{reply: bot.Reply{Text: "late"}, gate: make(chan struct{})}
	var logs bytes.Buffer
	a := newAdapter(t, fb, api, &logs, func(c *Config) { c.DeferAfter = 10 * time.Millisecond })
	serve(t, a, command("ask", map[string]string{"question": "x"}, "0"))
	close(fb.gate)
	if err := a.inflight.Wait(t.Context()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "edit deferred discord reply") {
		t.Errorf("failure not logged: %s", logs.String())
	}
	for _, secret := range []string{"interaction-token-xyz", testToken} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("%q in logs: %s", secret, logs.String())
		}
	}
}
