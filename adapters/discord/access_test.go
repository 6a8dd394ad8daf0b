package discord

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/sdbot/sdbot/bot"
)

// TestPostLostAccess: a post Discord refuses because the bot cannot reach
// the channel is reported as bot.ErrNoAccess (which pauses the
// subscription after a few days); other refusals are not.
func TestPostLostAccess(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		want   bool
	}{
		{"missing access", http.StatusForbidden, `{"message":"Missing Access","code":50001}`, true},
		{"missing permissions", http.StatusForbidden, `{"message":"Missing Permissions","code":50013}`, true},
		{"unknown channel", http.StatusNotFound, `{"message":"Unknown Channel","code":10003}`, true},
		{"bad request", http.StatusBadRequest, `{"message":"Invalid Form Body","code":50035}`, false},
		{"forbidden without a code", http.StatusForbidden, `{}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newFakeAPI(t, func(_ int, _ apiCall, w http.ResponseWriter) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(tt.status)
				io.WriteString(w, tt.body)
			})
			a := newAdapter(t, &fakeBot{}, api, nil, nil)
			_, err := a.Post(t.Context(), testChannel, bot.Reply{Title: "Topic of the day", Text: "Bloom filters"})
			if err == nil {
				t.Fatal("Post = nil error")
			}
			if got := errors.Is(err, bot.ErrNoAccess); got != tt.want {
				t.Errorf("Post error %v: lost access = %v; want %v", err, got, tt.want)
			}
		})
	}
}

// TestPostDirect opens (or finds) the DM with the user, then posts there.
func TestPostDirect(t *testing.T) {
	const user, dm = "555555555555555555", "999999999999999999"
	api := newFakeAPI(t, func(_ int, c apiCall, w http.ResponseWriter) {
		w.Header().Set("Content-Type", "application/json")
		if c.Path == "/api/v9/users/@me/channels" {
			io.WriteString(w, `{"id":"`+dm+`","type":1,"recipients":[{"id":"`+user+`","username":"ada"}]}`)
			return
		}
		io.WriteString(w, `{"id":"777","channel_id":"`+dm+`"}`)
	})
	a := newAdapter(t, &fakeBot{}, api, nil, nil)
	id, err := a.PostDirect(t.Context(), user, bot.Reply{Title: "Topic of the day paused", Text: "I paused it.", Thread: true})
	if err != nil || id != "777" {
		t.Fatalf("PostDirect = %q, %v; want 777", id, err)
	}
	calls := api.Calls()
	if len(calls) != 2 || calls[0].Method != "POST" || calls[0].Path != "/api/v9/users/@me/channels" ||
		calls[1].Path != "/api/v9/channels/"+dm+"/messages" {
		t.Fatalf("calls = %+v; want the DM opened, then a message in it", calls)
	}
	var open struct {
		RecipientID string `json:"recipient_id"`
	}
	if json.Unmarshal(calls[0].Body, &open); open.RecipientID != user {
		t.Errorf("opened a DM with %q; want %s", open.RecipientID, user)
	}
	if !strings.Contains(string(calls[1].Body), "I paused it.") {
		t.Errorf("message = %s", calls[1].Body)
	}
	if _, err := a.PostDirect(t.Context(), "../guilds", bot.Reply{Text: "x"}); err == nil {
		t.Error("PostDirect to a non-id = nil error")
	}
}
