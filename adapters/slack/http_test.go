package slack

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/sdbot/sdbot/adapters/internal/signedhttp"
	"time"

	"github.com/slack-go/slack"

	"github.com/sdbot/sdbot/bot"
)

// serve sends r through the adapter's routes.
func serve(a *Adapter, r *http.Request) *httptest.ResponseRecorder {
	mux := http.NewServeMux()
	a.Routes(mux)
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, r)
	return w
}

func TestRefusedBeforeAnyWork(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	body := commandForm("ask how does consistent hashing work", "")
	stamp := strconv.FormatInt(now.Unix(), 10)
	big := strings.Repeat("a", signedhttp.MaxBody+1)
	tests := []struct {
		name   string
		req    func(path string) *http.Request
		status int
	}{
		{"unsigned", func(p string) *http.Request {
			return httptest.NewRequest(http.MethodPost, p, strings.NewReader(body))
		}, http.StatusUnauthorized},
		{"wrong secret", func(p string) *http.Request {
			r := signedRequest(p, body, now)
			r.Header.Set(headerSignature, sign("not-the-secret", stamp, []byte(body)))
			return r
		}, http.StatusUnauthorized},
		{"stale", func(p string) *http.Request { return signedRequest(p, body, now.Add(-6*time.Minute)) }, http.StatusUnauthorized},
		{"future", func(p string) *http.Request { return signedRequest(p, body, now.Add(6*time.Minute)) }, http.StatusUnauthorized},
		{"tampered", func(p string) *http.Request {
			r := signedRequest(p, body, now)
			r.Body = io.NopCloser(strings.NewReader(strings.Replace(body, "U1", "U2", 1)))
			return r
		}, http.StatusUnauthorized},
		{"too large", func(p string) *http.Request { return signedRequest(p, big, now) }, http.StatusRequestEntityTooLarge},
		{"too large, no length", func(p string) *http.Request {
			r := signedRequest(p, big, now)
			r.ContentLength = -1
			r.Body = io.NopCloser(strings.NewReader(big))
			return r
		}, http.StatusRequestEntityTooLarge},
		{"too large and unsigned", func(p string) *http.Request {
			return httptest.NewRequest(http.MethodPost, p, strings.NewReader(big))
		}, http.StatusUnauthorized},
	}
	for _, path := range []string{"/slack/commands", "/slack/interactions"} {
		for _, tt := range tests {
			t.Run(path+"/"+tt.name, func(t *testing.T) {
				b := &slowBot{commander: realBot(t)}
				a := newTestAdapter(t, Config{}, b, now)
				w := serve(a, tt.req(path))
				if w.Code != tt.status {
					t.Errorf("status = %d; want %d", w.Code, tt.status)
				}
				if n := b.calls.Load(); n != 0 {
					t.Errorf("bot called %d times for a refused request", n)
				}
			})
		}
	}
}

func TestOnlyPost(t *testing.T) {
	a := newTestAdapter(t, Config{}, realBot(t), time.Now())
	if w := serve(a, httptest.NewRequest(http.MethodGet, "/slack/commands", nil)); w.Code != http.StatusMethodNotAllowed {
		t.Errorf("GET status = %d; want 405", w.Code)
	}
}

func TestNoRoutesWithoutSecret(t *testing.T) {
	a := newTestAdapter(t, Config{Mode: ModeSocket, AppToken: testAppToken}, realBot(t), time.Now())
	if w := serve(a, signedRequest("/slack/commands", commandForm("help", ""), time.Now())); w.Code != http.StatusNotFound {
		t.Errorf("status = %d; want 404 when no signing secret is configured", w.Code)
	}
}

func TestCommands(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	tests := []struct {
		text    string
		header  string
		has     []string // in the section text
		hasNot  []string
		actions []string // buttons, first ones
		public  bool     // in_channel rather than ephemeral
	}{
		{text: "", header: "sdbot commands", has: []string{"`/sd ask &lt;question&gt;`", "`/sd help [command]`"}},
		{text: "help", header: "sdbot commands", has: []string{"`/sd topic &lt;id or name&gt;`"}},
		{text: "help ask", header: "/sd ask", has: []string{"*Examples*"}},
		{text: "aks how does sharding work", has: []string{"Did you mean `ask`?", "`help`"}},
		{text: "lsit", has: []string{"Did you mean `list`?"}},
		{
			text: "ask how does consistent hashing work", header: "Consistent hashing",
			has: []string{"*Key points*\n• "}, actions: []string{"share:consistent-hashing", "topic:"},
		},
		// Slack sends &, < and > as entities; the reply shows them escaped
		// once, never as live mrkdwn.
		{text: "topic a &amp; b &lt;!channel&gt;", has: []string{`"a &amp; b &lt;!channel&gt;"`}, hasNot: []string{"<!channel>", "&amp;amp;"}},
		// Markdown link syntax a user typed is shown as typed, never as a
		// Slack link or mention.
		{text: "topic [click me](!channel)", has: []string{`"[click me](!channel)"`}, hasNot: []string{"<!channel", "|click me>"}},
		{text: "topic [boss](@U0VICTIM1)", has: []string{`"[boss](@U0VICTIM1)"`}, hasNot: []string{"<@U0VICTIM1", "|boss>"}},
		{text: "quiz [win](https://evil.example)", has: []string{`"[win](https://evil.example)"`}, hasNot: []string{"<https://evil.example"}},
		{text: "[x](!here)", header: "Not a topic I know", hasNot: []string{"<!here"}},
		{text: "topci [x](!here)", has: []string{`"topci"`}, hasNot: []string{"<!here"}},
		{text: "list **loud** [x](!here)", has: []string{`"**loud** [x](!here)"`}, hasNot: []string{"<!here"}},
		// A quiz is for the whole channel to answer.
		{text: "quiz bloom-filter", header: "Quiz: Bloom filters", actions: []string{"answer:bloom-filter."}, hasNot: []string{"share."}, public: true},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			a := newTestAdapter(t, Config{}, realBot(t), now)
			w := serve(a, signedRequest("/slack/commands", commandForm(tt.text, "http://127.0.0.1:1/unused"), now))
			if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "application/json" {
				t.Fatalf("status %d, type %q; want 200 JSON", w.Code, w.Header().Get("Content-Type"))
			}
			var m slack.WebhookMessage
			if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil {
				t.Fatalf("reply %s: %v", w.Body, err)
			}
			want := slack.ResponseTypeEphemeral
			if tt.public {
				want = slack.ResponseTypeInChannel
			}
			if m.ResponseType != want {
				t.Errorf("response_type = %q; want %q", m.ResponseType, want)
			}
			if m.Text == "" {
				t.Error("no fallback text")
			}
			v := view(blocksOf(m))
			if v.header != tt.header {
				t.Errorf("header = %q; want %q", v.header, tt.header)
			}
			for _, s := range tt.has {
				if !strings.Contains(v.text(), s) {
					t.Errorf("text lacks %q:\n%s", s, v.text())
				}
			}
			for _, s := range tt.hasNot {
				if strings.Contains(w.Body.String(), s) {
					t.Errorf("reply contains %q:\n%s", s, w.Body)
				}
			}
			got := v.actions()
			for i, want := range tt.actions {
				if i >= len(got) || !strings.HasPrefix(got[i], want) {
					t.Errorf("buttons = %v; want %v first", got, tt.actions)
					break
				}
			}
		})
	}
}

func TestSlowCommandAnswersOnResponseURL(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	h := newHook(t)
	b := &slowBot{commander: realBot(t), delay: time.Second}
	a := newTestAdapter(t, Config{ReplyBudget: 20 * time.Millisecond}, b, now)

	start := time.Now()
	w := serve(a, signedRequest("/slack/commands", commandForm("ask what is a bloom filter", h.url), now))
	if took := time.Since(start); took > 800*time.Millisecond {
		t.Errorf("ack took %s; want it long before the bot finishes", took)
	}
	if w.Code != http.StatusOK || w.Body.Len() != 0 {
		t.Fatalf("ack = %d %q; want an empty 200", w.Code, w.Body)
	}
	m := h.next(t)
	if m.ResponseType != slack.ResponseTypeEphemeral || view(blocksOf(m)).header != "Bloom filters" {
		t.Errorf("late reply = %s %q; want the ephemeral Bloom filters card", m.ResponseType, view(blocksOf(m)).header)
	}
}

// interaction is a block_actions payload for one button click.
func interaction(actionID, value, responseURL string, ephemeral bool) string {
	return encodeInteraction(interactionPayload(actionID, value, responseURL, ephemeral))
}

// encodeInteraction is the form Slack posts for an interaction payload.
func encodeInteraction(payload map[string]any) string {
	js, _ := json.Marshal(payload)
	return url.Values{"payload": {string(js)}}.Encode()
}

// interactionPayload is the block_actions payload of one button click.
func interactionPayload(actionID, value, responseURL string, ephemeral bool) map[string]any {
	return map[string]any{
		"type":         "block_actions",
		"team":         map[string]string{"id": "T1"},
		"user":         map[string]string{"id": "U1", "name": "ada"},
		"channel":      map[string]string{"id": "C1"},
		"container":    map[string]any{"type": "message", "channel_id": "C1", "is_ephemeral": ephemeral},
		"response_url": responseURL,
		"actions": []map[string]string{{
			"type": "button", "action_id": actionID, "block_id": "b1", "value": value,
		}},
	}
}

func TestInteractions(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	tests := []struct {
		name      string
		actionID  string
		value     string
		ephemeral bool
		respType  string
		replace   bool
		header    string
		share     bool
		sharedBy  bool
	}{
		{"related topic in own answer", "topic.1", "bloom-filter", true, slack.ResponseTypeEphemeral, true, "Bloom filters", true, false},
		{"related topic under a shared card", "topic.2", "bloom-filter", false, slack.ResponseTypeEphemeral, false, "Bloom filters", true, false},
		{"share in channel", "share.0", "consistent-hashing", true, slack.ResponseTypeInChannel, false, "Consistent hashing", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHook(t)
			a := newTestAdapter(t, Config{}, realBot(t), now)
			w := serve(a, signedRequest("/slack/interactions", interaction(tt.actionID, tt.value, h.url, tt.ephemeral), now))
			if w.Code != http.StatusOK || w.Body.Len() != 0 {
				t.Fatalf("ack = %d %q; want an empty 200", w.Code, w.Body)
			}
			m := h.next(t)
			v := view(blocksOf(m))
			if m.ResponseType != tt.respType || m.ReplaceOriginal != tt.replace || v.header != tt.header {
				t.Errorf("reply = %s replace=%v %q; want %s replace=%v %q", m.ResponseType, m.ReplaceOriginal, v.header, tt.respType, tt.replace, tt.header)
			}
			if got := slices.ContainsFunc(v.actions(), func(s string) bool { return strings.HasPrefix(s, "share:") }); got != tt.share {
				t.Errorf("share button = %v; want %v (%v)", got, tt.share, v.actions())
			}
			if got := len(v.context) > 0 && strings.HasPrefix(v.context[0], "Shared by <@U1>\n"); got != tt.sharedBy {
				t.Errorf("shared-by credit = %v; want %v (%q)", got, tt.sharedBy, v.context)
			}
		})
	}
}

// fixedBot answers every request with the same reply.
type fixedBot struct {
	commander
	reply bot.Reply
}

func (f fixedBot) Handle(context.Context, bot.Request) bot.Reply { return f.reply }

func TestInteractionUpdatesTheMessage(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	h := newHook(t)
	quiz := bot.Reply{Title: "Quiz: Bloom filters", Text: "Which?", Footer: "1 answer so far.", Kind: bot.KindQuiz, TopicID: "bloom-filter",
		Buttons: []bot.Button{{Label: "A", Action: "answer", Value: "q:r:0"}, {Label: "B", Action: "answer", Value: "q:r:1"}}}
	right := bot.Reply{Title: "Right!", Text: "Because.", Ephemeral: true, Kind: bot.KindAnswer, TopicID: "bloom-filter", Update: &quiz,
		Buttons: []bot.Button{{Label: "Read the topic", Action: "topic", Value: "bloom-filter"}}}
	a := newTestAdapter(t, Config{}, fixedBot{realBot(t), right}, now)
	w := serve(a, signedRequest("/slack/interactions", interaction("answer.1", "q:r:1", h.url, false), now))
	if w.Code != http.StatusOK {
		t.Fatalf("status %d", w.Code)
	}
	upd, reply := h.next(t), h.next(t)
	if !upd.ReplaceOriginal || view(blocksOf(upd)).header != "Quiz: Bloom filters" || !slices.Contains(view(blocksOf(upd)).context, "1 answer so far.") {
		t.Errorf("first post = replace %v %+v; want the quiz message replaced with its count", upd.ReplaceOriginal, view(blocksOf(upd)))
	}
	v := view(blocksOf(reply))
	if reply.ReplaceOriginal || reply.ResponseType != slack.ResponseTypeEphemeral || v.header != "Right!" || slices.Contains(v.actions(), "share:bloom-filter") {
		t.Errorf("second post = replace %v %s %q %v; want a private result without share", reply.ReplaceOriginal, reply.ResponseType, v.header, v.actions())
	}
}

// TestVoteKeepsTheAnswer: a 👍 on one's own ephemeral answer is thanked in
// a new private message; the answer stays (replace_original false).
func TestVoteKeepsTheAnswer(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	h := newHook(t)
	ack := bot.Reply{Text: "Thanks, noted.", Ephemeral: true, Kind: bot.KindAck}
	a := newTestAdapter(t, Config{}, fixedBot{realBot(t), ack}, now)
	w := serve(a, signedRequest("/slack/interactions", interaction("vote.5", "up:consistent-hashing:0123456789ab", h.url, true), now))
	if w.Code != http.StatusOK {
		t.Fatalf("status %d", w.Code)
	}
	m := h.next(t)
	if m.ReplaceOriginal || m.ResponseType != slack.ResponseTypeEphemeral || !strings.Contains(m.Text, "Thanks, noted.") {
		t.Errorf("vote reply = replace %v %s %q; want a new private thanks", m.ReplaceOriginal, m.ResponseType, m.Text)
	}
}

func TestInteractionMalformed(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	a := newTestAdapter(t, Config{}, realBot(t), now)
	w := serve(a, signedRequest("/slack/interactions", "payload=%7Bnot+json", now))
	if w.Code != http.StatusBadRequest {
		t.Errorf("status = %d; want 400", w.Code)
	}
}

// BenchmarkSignedCommand measures the HTTP path end to end: verify the
// signature, parse, search, render and encode the answer.
func BenchmarkSignedCommand(b *testing.B) {
	now := time.Unix(1_800_000_000, 0)
	a, err := New(Config{BotToken: testBotToken, SigningSecret: testSecret}, realBot(b))
	if err != nil {
		b.Fatal(err)
	}
	a.now = func() time.Time { return now }
	mux := http.NewServeMux()
	a.Routes(mux)
	body := commandForm("ask how does consistent hashing work", "http://127.0.0.1:1/unused")
	signed := signedRequest("/slack/commands", body, now).Header
	for b.Loop() {
		r := httptest.NewRequest(http.MethodPost, "/slack/commands", strings.NewReader(body))
		r.Header = signed
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, r)
		if w.Code != http.StatusOK || w.Body.Len() == 0 {
			b.Fatalf("status %d", w.Code)
		}
	}
}

// recordBot records the requests it gets.
type recordBot struct {
	commander
	mu   sync.Mutex
	reqs []bot.Request
}

func (r *recordBot) Handle(_ context.Context, req bot.Request) bot.Reply {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reqs = append(r.reqs, req)
	return bot.Reply{Text: "ok", Kind: bot.KindError}
}

// TestClickCarriesItsMessage checks that a button click tells the bot which
// message the button was on, where and when Slack says it was posted (the
// message ts): quiz answers are checked against it.
func TestClickCarriesItsMessage(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	tests := []struct {
		name      string
		container map[string]any
		message   map[string]any
		want      bot.Message
	}{
		{"channel message", map[string]any{"type": "message", "channel_id": "C1", "message_ts": "1799999990.000200"}, nil,
			bot.Message{ID: "1799999990.000200", Channel: "C1", Posted: time.Unix(1_799_999_990, 200_000)}},
		{"ephemeral message", map[string]any{"type": "message", "channel_id": "C1", "message_ts": "1799999990.5", "is_ephemeral": true}, nil,
			bot.Message{ID: "1799999990.5", Channel: "C1", Posted: time.Unix(1_799_999_990, 500_000_000)}},
		{"ts only on the message", map[string]any{"type": "message", "channel_id": "C7"}, map[string]any{"ts": "1799999990.000001"},
			bot.Message{ID: "1799999990.000001", Channel: "C7", Posted: time.Unix(1_799_999_990, 1000)}},
		{"no ts", map[string]any{"type": "message", "channel_id": "C1"}, nil, bot.Message{Channel: "C1"}},
		{"bad ts", map[string]any{"type": "message", "channel_id": "C1", "message_ts": "soon"}, nil, bot.Message{ID: "soon", Channel: "C1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHook(t)
			rb := &recordBot{commander: realBot(t)}
			a := newTestAdapter(t, Config{}, rb, now)
			payload := map[string]any{
				"type": "block_actions", "team": map[string]string{"id": "T1"}, "user": map[string]string{"id": "U1"},
				"channel": map[string]string{"id": "C1"}, "container": tt.container, "response_url": h.url,
				"actions": []map[string]string{{"type": "button", "action_id": "answer.0", "block_id": "b1", "value": "q.0.abcd:20270115:1"}},
			}
			if tt.message != nil {
				payload["message"] = tt.message
			}
			js, _ := json.Marshal(payload)
			serve(a, signedRequest("/slack/interactions", url.Values{"payload": {string(js)}}.Encode(), now))
			h.next(t)
			rb.mu.Lock()
			defer rb.mu.Unlock()
			if len(rb.reqs) != 1 {
				t.Fatalf("%d requests; want 1", len(rb.reqs))
			}
			got := rb.reqs[0].Message
			if got.ID != tt.want.ID || got.Channel != tt.want.Channel || !got.Posted.Equal(tt.want.Posted) {
				t.Errorf("message = %+v; want %+v", got, tt.want)
			}
		})
	}
}
