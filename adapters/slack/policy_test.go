package slack

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slacktest"

	"github.com/sdbot/sdbot/bot"
)

// TestVisibilityFastAndSlow: who sees a reply is the bot's decision, the
// same whether the answer makes the 3-second window or goes to
// response_url later (Discord's TestDeferred checks its side).
func TestVisibilityFastAndSlow(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	tests := []struct {
		text   string
		public bool
	}{
		{"ask how does consistent hashing work", false},
		{"how does consistent hashing work", false},
		{"topic bloom-filter", false},
		{"list", false},
		{"quiz bloom-filter", true},
		{"topic zzzzqqqq", false},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			want := slack.ResponseTypeEphemeral
			if tt.public {
				want = slack.ResponseTypeInChannel
			}
			if got := !realBot(t).Private(realBot(t).Parse(tt.text)); got != tt.public {
				t.Errorf("bot predicts public = %v; want %v", got, tt.public)
			}

			fast := newTestAdapter(t, Config{ReplyBudget: 2 * time.Second}, realBot(t), now)
			w := serve(fast, signedRequest("/slack/commands", commandForm(tt.text, "http://127.0.0.1:1/hook"), now))
			var m slack.WebhookMessage
			if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil {
				t.Fatalf("fast reply %q: %v", w.Body, err)
			}
			if m.ResponseType != want {
				t.Errorf("fast reply response_type = %q; want %q", m.ResponseType, want)
			}

			h := newHook(t)
			slow := newTestAdapter(t, Config{ReplyBudget: 10 * time.Millisecond}, &slowBot{commander: realBot(t), delay: 100 * time.Millisecond}, now)
			w = serve(slow, signedRequest("/slack/commands", commandForm(tt.text, h.url), now))
			if w.Body.Len() != 0 {
				t.Fatalf("slow command answered in time: %s", w.Body)
			}
			if late := h.next(t); late.ResponseType != want {
				t.Errorf("late reply response_type = %q; want %q", late.ResponseType, want)
			}
		})
	}
}

// TestMentionsRendered: mentions the bot writes as data become real Slack
// mentions, while text that merely looks like one stays escaped.
func TestMentionsRendered(t *testing.T) {
	r := bot.Reply{
		Title:  "Leaderboard (this week)",
		Text:   "1. " + bot.UserMention("U1").String() + " — 3 pts\n• " + bot.ChannelMention("C9").String() + " — 09:00\ntyped <@U2>",
		Footer: "Shared by " + bot.UserMention("U1").String(),
		Kind:   bot.KindList,
	}
	v := view(render(r))
	text := v.text()
	for _, want := range []string{"<@U1> — 3 pts", "<#C9> — 09:00", "typed &lt;@U2&gt;"} {
		if !strings.Contains(text, want) {
			t.Errorf("sections = %q; want %q", text, want)
		}
	}
	if len(v.context) != 1 || v.context[0] != "Shared by <@U1>" {
		t.Errorf("context = %q; want the credit as a mention", v.context)
	}
	if strings.ContainsRune(text, '\uE000') || strings.Contains(text, "&lt;@U1") {
		t.Errorf("sections = %q; mention not rendered", text)
	}
}

// TestBudgetCountsFromReceipt: the users.info lookup for a manager command
// comes out of the reply budget, so a slow lookup cannot push the ack
// past Slack's 3 seconds.
func TestBudgetCountsFromReceipt(t *testing.T) {
	s := newSlackServer(t, func(c slacktest.Customize) {
		c.Handle("/users.info", func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(600 * time.Millisecond)
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"ok":true,"user":{"id":"U1","is_admin":true}}`))
		})
	})
	now := time.Unix(1_800_000_000, 0)
	h := newHook(t)
	a := newTestAdapter(t, Config{APIURL: s.GetAPIURL(), AdminsManage: true, ReplyBudget: 200 * time.Millisecond}, realBot(t), now)
	start := time.Now()
	w := serve(a, signedRequest("/slack/commands", commandForm("unsubscribe", h.url), now))
	if took := time.Since(start); took > 450*time.Millisecond {
		t.Errorf("ack took %s; want it within the 200ms budget, lookup included", took)
	}
	if w.Code != http.StatusOK || w.Body.Len() != 0 {
		t.Errorf("ack = %d %q; want an empty 200", w.Code, w.Body)
	}
	if m := h.next(t); !strings.Contains(view(blocksOf(m)).text(), "database") {
		t.Errorf("late reply = %q; want the bot's answer for an admin (no database here)", view(blocksOf(m)).text())
	}
}
