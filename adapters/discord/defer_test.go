package discord

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/sdbot/sdbot/bot"
)

// TestDeferred runs a command that outlasts DeferAfter: the HTTP answer is
// a type 5 deferral, and the reply is edited into the original message.
func TestDeferred(t *testing.T) {
	tests := []struct {
		name      string
		body      string
		reply     bot.Reply
		ephemeral bool
		share     bool // the edited reply offers Share in channel
	}{
		{"slow answer", command("ask", map[string]string{"question": "slow"}, "0"),
			bot.Reply{Title: "Bloom filters", Text: "A compact set.", Kind: bot.KindAnswer, TopicID: "bloom-filter"}, true, true},
		{"slow share", click("sd:share:bloom-filter"),
			bot.Reply{Title: "Bloom filters", Text: "A compact set.", Kind: bot.KindAnswer, TopicID: "bloom-filter"}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newFakeAPI(t, nil)
			fb := &fakeBot{reply: tt.reply, gate: make(chan struct{})}
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
			if got := r.Data.Flags&64 != 0; got != tt.ephemeral {
				t.Errorf("deferral ephemeral = %v; want %v", got, tt.ephemeral)
			}
			if len(api.Calls()) != 0 {
				t.Fatalf("edited before the bot answered")
			}
			close(fb.gate)
			if err := a.Drain(t.Context()); err != nil {
				t.Fatal(err)
			}
			calls := api.Calls()
			if len(calls) != 1 {
				t.Fatalf("%d calls; want 1 edit", len(calls))
			}
			c := calls[0]
			if c.Method != "PATCH" || c.Path != "/api/v9/webhooks/"+testAppID+"/interaction-token-xyz/messages/@original" {
				t.Errorf("edit = %s %s", c.Method, c.Path)
			}
			var edit struct {
				Embeds []struct {
					Title string `json:"title"`
				} `json:"embeds"`
				Components []json.RawMessage `json:"components"`
			}
			if err := json.Unmarshal(c.Body, &edit); err != nil {
				t.Fatal(err)
			}
			if len(edit.Embeds) != 1 || edit.Embeds[0].Title != "Bloom filters" || edit.Components == nil {
				t.Errorf("edit body = %s", c.Body)
			}
			if got := strings.Contains(string(c.Body), "sd:share:bloom-filter"); got != tt.share {
				t.Errorf("share offered = %v; want %v: %s", got, tt.share, c.Body)
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
	if err := a.Drain(t.Context()); err != nil {
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
