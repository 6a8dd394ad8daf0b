package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slacktest"

	"github.com/sdbot/sdbot/bot"
	"github.com/sdbot/sdbot/bot/storetest"
)

// conversingBot is the shipped bot with a conversation memory.
func conversingBot(t *testing.T) (*bot.Bot, *storetest.Conversations) {
	realBot(t) // builds the index
	conv := storetest.NewConversations()
	return bot.New(shipped, bot.WithConversations(conv)), conv
}

// eventCallback wraps an inner event as the Events API sends it (Slack's
// documented app_mention example, with the authorizations Slack adds).
func eventCallback(eventID string, inner map[string]any) string {
	js, _ := json.Marshal(map[string]any{
		"token": "ZZZZZZWSxiZZZ2yIvs3peJ", "team_id": "T061EG9R6", "api_app_id": "A0MDYCDME",
		"event": inner, "type": "event_callback", "event_id": eventID, "event_time": 1515449522,
		"authed_users":   []string{"U0LAN0Z89"},
		"authorizations": []map[string]any{{"enterprise_id": nil, "team_id": "T061EG9R6", "user_id": "U0LAN0Z89", "is_bot": true, "is_enterprise_install": false}},
	})
	return string(js)
}

func mention(ts, threadTS, text string) map[string]any {
	ev := map[string]any{"type": "app_mention", "user": "U061F7AUR", "text": text, "ts": ts, "channel": "C0LAN2Q65", "event_ts": ts}
	if threadTS != "" {
		ev["thread_ts"] = threadTS
	}
	return ev
}

// sendEvent posts a signed event to /slack/events and waits for the
// answer to be posted.
func sendEvent(t *testing.T, a *Adapter, body string, header map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	mux := http.NewServeMux()
	a.Routes(mux)
	r := signedRequest("/slack/events", body, time.Now())
	r.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, r)
	a.tasks.Wait(context.Background())
	return w
}

func TestEventsURLVerification(t *testing.T) {
	a := newTestAdapter(t, Config{}, realBot(t), time.Now())
	body := `{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`
	w := sendEvent(t, a, body, nil)
	if w.Code != http.StatusOK || w.Body.String() != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Errorf("url_verification = %d %q; want 200 and the challenge", w.Code, w.Body.String())
	}

	mux := http.NewServeMux()
	a.Routes(mux)
	r := httptest.NewRequest(http.MethodPost, "/slack/events", strings.NewReader(body))
	w = httptest.NewRecorder()
	mux.ServeHTTP(w, r)
	if w.Code != http.StatusUnauthorized || strings.Contains(w.Body.String(), "3eZbrw") {
		t.Errorf("unsigned url_verification = %d %q; want 401 without the challenge", w.Code, w.Body.String())
	}
}

func TestMentionAnsweredOnceInThread(t *testing.T) {
	rec := &postRecorder{}
	s := newSlackServer(t, rec.bind)
	b, _ := conversingBot(t)
	a := newTestAdapter(t, Config{APIURL: s.GetAPIURL()}, b, time.Now())

	body := eventCallback("Ev0LAN670R", mention("1515449522.000016", "", "<@U0LAN0Z89> how does kafka work"))
	if w := sendEvent(t, a, body, nil); w.Code != http.StatusOK {
		t.Fatalf("app_mention = %d; want 200", w.Code)
	}
	if len(rec.forms) != 1 {
		t.Fatalf("%d chat.postMessage calls; want exactly 1", len(rec.forms))
	}
	form := rec.forms[0]
	if form["channel"] != "C0LAN2Q65" || form["thread_ts"] != "1515449522.000016" || !strings.Contains(strings.ToLower(form["text"]), "kafka") {
		t.Errorf("posted channel=%q thread_ts=%q text=%q; want C0LAN2Q65 in the mention's thread, about Kafka", form["channel"], form["thread_ts"], form["text"])
	}
	if strings.Contains(form["blocks"], "Share in channel") {
		t.Errorf("a public answer offers Share in channel: %s", form["blocks"])
	}

	// Slack re-sends what it thinks failed: the same event id, retry 1.
	sendEvent(t, a, body, map[string]string{"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
	if len(rec.forms) != 1 {
		t.Errorf("%d chat.postMessage calls after the retry; want still 1", len(rec.forms))
	}
}

func TestEventsAnswered(t *testing.T) {
	tests := []struct {
		name       string
		inner      map[string]any
		wantPosts  int
		wantChan   string
		wantThread string
		wantText   string
	}{
		{"mention in a thread answers in that thread", mention("1515449600.000100", "1515449522.000016", "<@U0LAN0Z89> topic consistent-hashing"),
			1, "C0LAN2Q65", "1515449522.000016", "Consistent hashing"},
		{"direct message answered in the DM", map[string]any{"type": "message", "channel": "D024BE91L", "user": "U2147483697",
			"text": "how does kafka work", "ts": "1355517523.000005", "event_ts": "1355517523.000005", "channel_type": "im"},
			1, "D024BE91L", "", "kafka"},
		{"long direct message answered from its start", map[string]any{"type": "message", "channel": "D024BE91L", "user": "U2147483697",
			"text": "how does kafka keep the order of messages within a partition? " + strings.Repeat("We have a few consumers and see odd orderings sometimes. ", 60),
			"ts":   "1355517523.000009", "event_ts": "1355517523.000009", "channel_type": "im"},
			1, "D024BE91L", "", "first 500 characters"},
		{"own message ignored", map[string]any{"type": "message", "channel": "D024BE91L", "user": "U0LAN0Z89", "bot_id": "B1",
			"text": "Kafka", "ts": "1355517523.000006", "channel_type": "im"}, 0, "", "", ""},
		{"other bot ignored", map[string]any{"type": "message", "subtype": "bot_message", "channel": "D024BE91L", "bot_id": "B2",
			"text": "how does kafka work", "ts": "1355517523.000007", "channel_type": "im"}, 0, "", "", ""},
		{"edit ignored", map[string]any{"type": "message", "subtype": "message_changed", "channel": "D024BE91L", "hidden": true,
			"message": map[string]any{"type": "message", "user": "U2147483697", "text": "how does kafka work", "ts": "1355517523.000005"},
			"ts":      "1355517524.000001", "channel_type": "im"}, 0, "", "", ""},
		{"channel message without a mention ignored", map[string]any{"type": "message", "channel": "C0LAN2Q65", "user": "U2147483697",
			"text": "how does kafka work", "ts": "1355517523.000008", "channel_type": "channel"}, 0, "", "", ""},
		{"mention by a bot ignored", map[string]any{"type": "app_mention", "user": "U9", "bot_id": "B3", "text": "<@U0LAN0Z89> kafka",
			"ts": "1515449522.000099", "channel": "C0LAN2Q65"}, 0, "", "", ""},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &postRecorder{}
			s := newSlackServer(t, rec.bind)
			b, _ := conversingBot(t)
			a := newTestAdapter(t, Config{APIURL: s.GetAPIURL()}, b, time.Now())
			sendEvent(t, a, eventCallback("Ev"+string(rune('A'+i)), tt.inner), nil)
			if len(rec.forms) != tt.wantPosts {
				t.Fatalf("%d posts; want %d", len(rec.forms), tt.wantPosts)
			}
			if tt.wantPosts == 0 {
				return
			}
			f := rec.forms[0]
			if f["channel"] != tt.wantChan || f["thread_ts"] != tt.wantThread || !strings.Contains(strings.ToLower(f["text"]+f["blocks"]), strings.ToLower(tt.wantText)) {
				t.Errorf("posted channel=%q thread_ts=%q text=%q; want %q, thread %q, containing %q", f["channel"], f["thread_ts"], f["text"], tt.wantChan, tt.wantThread, tt.wantText)
			}
		})
	}
}

func TestThreadMoreQuizAndFollowUp(t *testing.T) {
	rec := &postRecorder{}
	s := newSlackServer(t, rec.bind)
	b, conv := conversingBot(t)
	a := newTestAdapter(t, Config{APIURL: s.GetAPIURL()}, b, time.Now())
	root := "1515449522.000016"
	sendEvent(t, a, eventCallback("Ev1", mention(root, "", "<@U0LAN0Z89> topic consistent-hashing")), nil)
	if got, _ := conv.ThreadCard(context.Background(), bot.Thread{Platform: "slack", Workspace: "T061EG9R6", Channel: "C0LAN2Q65", ID: root}); got != "consistent-hashing" {
		t.Fatalf("thread remembered card %q; want consistent-hashing", got)
	}
	sendEvent(t, a, eventCallback("Ev2", mention("1515449600.000001", root, "<@U0LAN0Z89> more")), nil)
	sendEvent(t, a, eventCallback("Ev3", mention("1515449600.000002", root, "<@U0LAN0Z89> quiz")), nil)
	// A follow-up the bot refuses alone.
	const vague = "and if a node drops out?"
	if alone, err := shipped.Answer(context.Background(), vague); err != nil || alone.Answered {
		t.Fatalf("%q is answered alone (%v); the test needs a question refused alone", vague, err)
	}
	sendEvent(t, a, eventCallback("Ev4", mention("1515449600.000003", root, "<@U0LAN0Z89> "+vague)), nil)
	if len(rec.forms) != 4 {
		t.Fatalf("%d posts; want 4", len(rec.forms))
	}
	more, quiz, follow := rec.forms[1], rec.forms[2], rec.forms[3]
	if follow["thread_ts"] != root || follow["text"] != "Consistent hashing" || !strings.Contains(follow["blocks"], "follow-up") {
		t.Errorf("a follow-up posted thread=%q text=%q; want an answer from the thread's card, said to be a follow-up", follow["thread_ts"], follow["text"])
	}
	if more["thread_ts"] != root || more["text"] != "Consistent hashing" || !strings.Contains(more["blocks"], "Key points") {
		t.Errorf("more posted thread=%q text=%q; want the whole card in the thread", more["thread_ts"], more["text"])
	}
	if quiz["thread_ts"] != root || !strings.HasPrefix(quiz["text"], "Quiz: Consistent hashing") {
		t.Errorf("quiz posted thread=%q text=%q; want a quiz on the thread's card", quiz["thread_ts"], quiz["text"])
	}
}

func TestAskShortcut(t *testing.T) {
	rec := &postRecorder{}
	s := newSlackServer(t, rec.bind)
	h := newHook(t)
	b, _ := conversingBot(t)
	a := newTestAdapter(t, Config{APIURL: s.GetAPIURL()}, b, time.Now())
	// Slack's documented message_action payload, with a question.
	payload := `{"token":"Nj2rfC2hU8mAfgaJLemZgO7H","callback_id":"ask_sdbot","type":"message_action",` +
		`"trigger_id":"13345224609.8534564800.6f8ab1f53e13d0cd15f96106292d5536","response_url":"` + h.url + `",` +
		`"team":{"id":"T0MJRM1A7","domain":"pandamonium"},"channel":{"id":"C0LFFBKLZ","name":"cats"},` +
		`"user":{"id":"U0D15K92L","name":"dr_maomao"},` +
		`"message":{"type":"message","user":"U0MJRG1AL","ts":"1516229207.000133","text":"how does consistent hashing work?"}}`
	mux := http.NewServeMux()
	a.Routes(mux)
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, signedRequest("/slack/interactions", "payload="+url.QueryEscape(payload), time.Now()))
	a.tasks.Wait(context.Background())
	if w.Code != http.StatusOK {
		t.Fatalf("message_action = %d; want 200", w.Code)
	}
	if len(rec.forms) != 1 {
		t.Fatalf("%d posts; want 1", len(rec.forms))
	}
	f := rec.forms[0]
	if f["channel"] != "C0LFFBKLZ" || f["thread_ts"] != "1516229207.000133" || f["text"] != "Consistent hashing" {
		t.Errorf("posted channel=%q thread_ts=%q text=%q; want the answer in the message's thread", f["channel"], f["thread_ts"], f["text"])
	}
	select {
	case m := <-h.msgs:
		t.Errorf("response_url got %q; want nothing when the answer was posted", m.Text)
	default:
	}
}

func TestSocketModeMention(t *testing.T) {
	rec := &postRecorder{}
	s := newSlackServer(t, rec.bind)
	b, _ := conversingBot(t)
	a := newTestAdapter(t, Config{Mode: ModeSocket, AppToken: testAppToken, APIURL: s.GetAPIURL()}, b, time.Now())
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	defer func() {
		cancel()
		<-done
	}()

	var payload map[string]any
	if err := json.Unmarshal([]byte(eventCallback("EvSock1", mention("1515449522.000016", "", "<@U0LAN0Z89> how does kafka work"))), &payload); err != nil {
		t.Fatal(err)
	}
	s.SendToWebsocket(envelope(t, "env-m1", "events_api", payload))
	if got := nextAck(t, s, "env-m1"); got.Payload != nil {
		t.Errorf("events_api ack carries %+v; want a bare ack", got.Payload)
	}
	// Slack re-sends an envelope it thinks was lost, with the same event.
	s.SendToWebsocket(envelope(t, "env-m2", "events_api", payload))
	nextAck(t, s, "env-m2")
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		rec.mu.Lock()
		n := len(rec.forms)
		rec.mu.Unlock()
		if n > 0 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	a.tasks.Wait(context.Background())
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.forms) != 1 || rec.forms[0]["thread_ts"] != "1515449522.000016" {
		t.Fatalf("posts = %v; want one answer in the mention's thread", rec.forms)
	}
}

// A card shared with "Share in channel" is posted with chat.postMessage
// when the bot remembers conversations, and remembered under its post, so
// that "@sdbot more" in its thread is about that card. Where Slack refuses
// the post (the bot is not in the channel) it goes to response_url as
// before; a post whose fate is unknown is not repeated.
func TestSharedCardIsAConversation(t *testing.T) {
	now := time.Now()
	share := func(t *testing.T, api func(c slacktest.Customize), thread ...string) (*hook, *storetest.Conversations) {
		t.Helper()
		s := newSlackServer(t, api)
		h := newHook(t)
		b, conv := conversingBot(t)
		a := newTestAdapter(t, Config{APIURL: s.GetAPIURL()}, b, now)
		payload := interactionPayload("share.0", "consistent-hashing", h.url, true)
		if len(thread) > 0 {
			// The clicked message is in a thread: its container says so.
			payload["container"].(map[string]any)["thread_ts"] = thread[0]
		}
		if w := serve(a, signedRequest("/slack/interactions", encodeInteraction(payload), now)); w.Code != http.StatusOK {
			t.Fatalf("ack = %d", w.Code)
		}
		a.tasks.Wait(context.Background())
		return h, conv
	}
	// failing answers every chat.postMessage with status and body,
	// counting the calls.
	failing := func(calls *atomic.Int32, status int, body string) func(c slacktest.Customize) {
		return func(c slacktest.Customize) {
			c.Handle("/chat.postMessage", func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(status)
				io.WriteString(w, body)
			})
		}
	}
	remembered := func(conv *storetest.Conversations, ts string) string {
		got, _ := conv.ThreadCard(context.Background(), bot.Thread{Platform: "slack", Workspace: "T1", Channel: "C1", ID: ts})
		return got
	}

	t.Run("posted and remembered", func(t *testing.T) {
		rec := &postRecorder{}
		h, conv := share(t, rec.bind)
		if len(rec.forms) != 1 || rec.forms[0]["channel"] != "C1" || rec.forms[0]["text"] != "Consistent hashing" || !strings.Contains(rec.forms[0]["blocks"], "Shared by") {
			t.Fatalf("chat.postMessage calls = %v; want the shared consistent hashing card in C1", rec.forms)
		}
		if got := remembered(conv, "1700000000.000001"); got != "consistent-hashing" {
			t.Errorf("remembered %q under the post; want consistent-hashing", got)
		}
		select {
		case m := <-h.msgs:
			t.Errorf("also answered on response_url: %+v", m)
		default:
		}
	})
	t.Run("in a thread", func(t *testing.T) {
		rec := &postRecorder{}
		const root = "1699999999.000100"
		_, conv := share(t, rec.bind, root)
		if len(rec.forms) != 1 || rec.forms[0]["thread_ts"] != root {
			t.Fatalf("chat.postMessage calls = %v; want one in the thread %s", rec.forms, root)
		}
		if got := remembered(conv, root); got != "consistent-hashing" {
			t.Errorf("remembered %q under the thread; want consistent-hashing", got)
		}
	})
	t.Run("not in the channel", func(t *testing.T) {
		var calls atomic.Int32
		h, conv := share(t, failing(&calls, http.StatusOK, `{"ok":false,"error":"not_in_channel"}`))
		m := h.next(t)
		if calls.Load() != 1 || m.ResponseType != slack.ResponseTypeInChannel || view(blocksOf(m)).header != "Consistent hashing" {
			t.Errorf("%d posts, then response_url %s %q; want one refused post, then the card in the channel", calls.Load(), m.ResponseType, view(blocksOf(m)).header)
		}
		if got := remembered(conv, "1700000000.000001"); got != "" {
			t.Errorf("remembered %q; want nothing", got)
		}
	})
	t.Run("unknown fate", func(t *testing.T) {
		var calls atomic.Int32
		h, _ := share(t, failing(&calls, http.StatusInternalServerError, ""))
		m := h.next(t)
		if calls.Load() != 1 || m.ResponseType != slack.ResponseTypeEphemeral || !strings.Contains(m.Text+fmt.Sprint(m.Blocks), "Look in the channel") {
			t.Errorf("%d posts, then response_url %s %q; want one post, not repeated, and a private note", calls.Load(), m.ResponseType, m.Text)
		}
	})
}
