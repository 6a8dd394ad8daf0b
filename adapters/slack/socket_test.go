package slack

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slacktest"
	"github.com/slack-go/slack/socketmode"
)

// ack is what the client sends back for an envelope.
type ack struct {
	EnvelopeID string                `json:"envelope_id"`
	Payload    *slack.WebhookMessage `json:"payload"`
}

// nextAck reads what the client sent over slacktest's websocket until the
// ack for envelope arrives.
func nextAck(t *testing.T, s *slacktest.Server, envelope string) ack {
	t.Helper()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case raw := <-s.SeenFeed:
			var a ack
			if err := json.Unmarshal([]byte(raw), &a); err == nil && a.EnvelopeID == envelope {
				return a
			}
		case <-timeout:
			t.Fatalf("envelope %s was not acked", envelope)
			return ack{}
		}
	}
}

func envelope(t *testing.T, id, typ string, payload any) string {
	t.Helper()
	js, err := json.Marshal(map[string]any{"envelope_id": id, "type": typ, "accepts_response_payload": typ == "slash_commands", "payload": payload})
	if err != nil {
		t.Fatal(err)
	}
	return string(js)
}

func TestSocketMode(t *testing.T) {
	s := newSlackServer(t)
	h := newHook(t)
	a := newTestAdapter(t, Config{Mode: ModeSocket, AppToken: testAppToken, APIURL: s.GetAPIURL()}, realBot(t), time.Now())
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()

	// A fast slash command is answered in its ack.
	s.SendToWebsocket(envelope(t, "env-1", "slash_commands", map[string]any{
		"team_id": "T1", "channel_id": "C1", "user_id": "U1", "user_name": "ada",
		"command": "/sd", "text": "ask how does consistent hashing work", "response_url": h.url,
	}))
	got := nextAck(t, s, "env-1")
	if got.Payload == nil {
		t.Fatal("slash command acked without an answer")
	}
	v := view(blocksOf(*got.Payload))
	if got.Payload.ResponseType != slack.ResponseTypeEphemeral || v.header != "Consistent hashing" || len(v.buttons) == 0 {
		t.Errorf("answer = %s %q %v; want the ephemeral card with buttons", got.Payload.ResponseType, v.header, v.actions())
	}

	// A button click is acked bare and answered on response_url.
	s.SendToWebsocket(envelope(t, "env-2", "interactive", map[string]any{
		"type": "block_actions", "team": map[string]string{"id": "T1"}, "user": map[string]string{"id": "U1"},
		"channel": map[string]string{"id": "C1"}, "container": map[string]any{"type": "message", "is_ephemeral": true},
		"response_url": h.url,
		"actions":      []map[string]string{{"type": "button", "block_id": "b1", "action_id": "share.0", "value": "consistent-hashing"}},
	}))
	if got := nextAck(t, s, "env-2"); got.Payload != nil {
		t.Errorf("interaction ack carries %+v; want none", got.Payload)
	}
	if m := h.next(t); m.ResponseType != slack.ResponseTypeInChannel || view(blocksOf(m)).header != "Consistent hashing" {
		t.Errorf("shared = %s %q; want the card in channel", m.ResponseType, view(blocksOf(m)).header)
	}

	// Envelopes sdbot has no use for are acked all the same.
	s.SendToWebsocket(envelope(t, "env-3", "events_api", map[string]any{
		"type": "event_callback", "team_id": "T1", "api_app_id": "A1", "event_id": "Ev1", "event_time": 1,
		"event": map[string]any{"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"},
	}))
	nextAck(t, s, "env-3")

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run = %v; want nil after cancel", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
}

func TestSocketModeSlowCommand(t *testing.T) {
	s := newSlackServer(t)
	h := newHook(t)
	b := &slowBot{commander: realBot(t), delay: 200 * time.Millisecond}
	a := newTestAdapter(t, Config{Mode: ModeSocket, AppToken: testAppToken, APIURL: s.GetAPIURL(), ReplyBudget: 20 * time.Millisecond}, b, time.Now())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = a.Run(ctx) }()

	s.SendToWebsocket(envelope(t, "env-slow", "slash_commands", map[string]any{
		"team_id": "T1", "channel_id": "C1", "user_id": "U1", "command": "/sd", "text": "help", "response_url": h.url,
	}))
	if got := nextAck(t, s, "env-slow"); got.Payload != nil {
		t.Errorf("slow command acked with %+v; want a bare ack", got.Payload)
	}
	if m := h.next(t); view(blocksOf(m)).header != "sdbot commands" {
		t.Errorf("late answer %q; want help", view(blocksOf(m)).header)
	}
}

// tinyAcker refuses acks with a payload, as slack-go does for ones over
// Socket Mode's 20 KB limit.
type tinyAcker struct{ acks chan any }

func (f tinyAcker) AckCtx(_ context.Context, _ string, payload any) error {
	if payload != nil {
		return errors.New("too big")
	}
	f.acks <- payload
	return nil
}

func TestSocketModeAnswerTooBigForAck(t *testing.T) {
	h := newHook(t)
	a := newTestAdapter(t, Config{Mode: ModeSocket, AppToken: testAppToken}, realBot(t), time.Now())
	acks := tinyAcker{make(chan any, 4)}
	a.handleEvent(context.Background(), time.Now(), acks, socketmode.Event{
		Type:    socketmode.EventTypeSlashCommand,
		Data:    slack.SlashCommand{Command: "/sd", Text: "topic lsm-tree", ResponseURL: h.url},
		Request: &socketmode.Request{Type: socketmode.RequestTypeSlashCommands, EnvelopeID: "env-big"},
	})
	if len(acks.acks) != 1 {
		t.Fatalf("%d bare acks; want 1", len(acks.acks))
	}
	if m := h.next(t); view(blocksOf(m)).header == "" {
		t.Errorf("response_url got %+v; want the card", m)
	}
}
