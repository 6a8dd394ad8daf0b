package slack

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/slack-go/slack/slacktest"

	"github.com/sdbot/sdbot/bot"
)

// TestPostLostAccess: a post Slack refuses because the bot cannot reach
// the channel is reported as bot.ErrNoAccess; other refusals are not.
func TestPostLostAccess(t *testing.T) {
	for _, tt := range []struct {
		slackErr string
		want     bool
	}{
		{"not_in_channel", true},
		{"channel_not_found", true},
		{"is_archived", true},
		{"msg_too_long", false},
		{"invalid_blocks", false},
	} {
		t.Run(tt.slackErr, func(t *testing.T) {
			s := newSlackServer(t, func(c slacktest.Customize) {
				c.Handle("/chat.postMessage", func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "application/json")
					w.Write([]byte(`{"ok":false,"error":"` + tt.slackErr + `"}`))
				})
			})
			a := newTestAdapter(t, Config{APIURL: s.GetAPIURL()}, realBot(t), time.Now())
			_, err := a.Post(context.Background(), "C123", bot.Reply{Title: "Topic of the day", Text: "Bloom filters"})
			if err == nil {
				t.Fatal("Post = nil error")
			}
			if got := errors.Is(err, bot.ErrNoAccess); got != tt.want {
				t.Errorf("Post error %v: lost access = %v; want %v", err, got, tt.want)
			}
		})
	}
}

// TestPostDirect writes to the user's DM with the app: chat.postMessage
// with the user id as the channel.
func TestPostDirect(t *testing.T) {
	rec := &postRecorder{}
	s := newSlackServer(t, rec.bind)
	a := newTestAdapter(t, Config{APIURL: s.GetAPIURL()}, realBot(t), time.Now())
	if _, err := a.PostDirect(context.Background(), "U123", bot.Reply{Title: "Topic of the day paused", Text: "I paused it."}); err != nil {
		t.Fatal(err)
	}
	if len(rec.forms) != 1 || rec.forms[0]["channel"] != "U123" {
		t.Errorf("posts = %+v; want one to U123", rec.forms)
	}
}
