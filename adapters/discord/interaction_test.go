package discord

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sdbot/sdbot/bot"
)

func TestCommands(t *testing.T) {
	a := newAdapter(t, realBot(t), nil, nil, nil)
	tests := []struct {
		name        string
		body        string
		ephemeral   bool
		title       string   // embed title; "" to skip
		text        string   // in the description
		wantButtons []string // custom_ids that must be there
		noButtons   []string // custom_ids that must not
		minButtons  int
	}{
		{name: "ask answers privately, with share and related topics",
			body:  command("ask", map[string]string{"question": "how does consistent hashing work"}, "0"),
			title: "Consistent hashing", minButtons: 2, ephemeral: true, wantButtons: []string{"sd:share:consistent-hashing"}},
		{name: "topic by id",
			body:  command("topic", map[string]string{"name": "consistent-hashing"}, "0"),
			title: "Consistent hashing", ephemeral: true},
		{name: "unknown topic is an ephemeral error",
			body:      command("topic", map[string]string{"name": "zzzzqqqq"}, "0"),
			ephemeral: true, text: "There is no topic"},
		{name: "list is ephemeral",
			body:      command("list", nil, ""),
			ephemeral: true, text: "databases"},
		{name: "random from a category",
			body:  command("random", map[string]string{"category": "caching"}, "0"),
			title: "", ephemeral: true},
		{name: "help",
			body:      command("help", nil, "0"),
			ephemeral: true, text: "/sd ask"},
		{name: "unknown subcommand (a stale registration)",
			body:      command("tpoic", nil, "0"),
			ephemeral: true, text: "Did you mean `topic`?"},
		{name: "too long",
			body:      command("ask", map[string]string{"question": strings.Repeat("a", bot.MaxText+1)}, "0"),
			ephemeral: true, text: "too long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := serve(t, a, tt.body)
			if w.Code != http.StatusOK {
				t.Fatalf("status = %d (%s)", w.Code, w.Body)
			}
			if ct := w.Header().Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q", ct)
			}
			r := decode(t, w.Body.Bytes())
			if r.Type != int(discordgo.InteractionResponseChannelMessageWithSource) {
				t.Fatalf("type = %d; want 4", r.Type)
			}
			if got := r.Data.Flags&64 != 0; got != tt.ephemeral {
				t.Errorf("ephemeral = %v; want %v", got, tt.ephemeral)
			}
			if len(r.Data.Embeds) != 1 {
				t.Fatalf("embeds = %d; want 1", len(r.Data.Embeds))
			}
			e := r.Data.Embeds[0]
			if tt.title != "" && e.Title != tt.title {
				t.Errorf("title = %q; want %q", e.Title, tt.title)
			}
			if !strings.Contains(e.Description, tt.text) {
				t.Errorf("description = %q; want it to contain %q", e.Description, tt.text)
			}
			ids := r.buttonIDs(t)
			if len(ids) < tt.minButtons {
				t.Errorf("buttons = %v; want at least %d", ids, tt.minButtons)
			}
			for _, id := range tt.wantButtons {
				if !contains(ids, id) {
					t.Errorf("buttons = %v; want %s", ids, id)
				}
			}
			for _, id := range tt.noButtons {
				if contains(ids, id) {
					t.Errorf("buttons = %v; do not want %s", ids, id)
				}
			}
			for _, id := range ids {
				if _, _, ok := parseCustomID(id); !ok || len(id) > maxCustomID {
					t.Errorf("custom_id %q is not ours or too long", id)
				}
			}
		})
	}
}

func TestRequestDecoding(t *testing.T) {
	fb := &fakeBot{reply: bot.Reply{Text: "ok", Kind: bot.KindAnswer}}
	a := newAdapter(t, fb, nil, nil, nil)
	serve(t, a, command("ask", map[string]string{"question": "  what is a CDN  "}, "16"))
	serve(t, a, command("ask", map[string]string{"question": "dm"}, ""))
	got := fb.Requests()
	if len(got) != 2 {
		t.Fatalf("requests = %d; want 2", len(got))
	}
	g := got[0]
	if g.Command != "ask" || g.Options["question"] != "what is a CDN" || g.Platform != "discord" ||
		g.Workspace != testGuild || g.Channel != testChannel || g.User.ID != "555555555555555555" ||
		g.User.Name != "Ada" || g.Locale != "en-US" || !g.CanManage {
		t.Errorf("guild request = %+v", g)
	}
	if d := got[1]; d.Workspace != "" || d.CanManage || d.User.ID != "555555555555555555" {
		t.Errorf("DM request = %+v", d)
	}
}

func TestButtons(t *testing.T) {
	a := newAdapter(t, realBot(t), nil, nil, nil)
	tests := []struct {
		name      string
		customID  string
		ephemeral bool
		title     string
		share     bool // a Share in channel button is offered
	}{
		{"related topic is personal, with share", "sd:topic:consistent-hashing", true, "Consistent hashing", true},
		{"share posts for everyone", "sd:share:consistent-hashing", false, "Consistent hashing", false},
		{"share of a missing card stays private", "sd:share:no-such-card-zz", true, "", false},
		{"not our button", "other:thing", true, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := decode(t, serve(t, a, click(tt.customID)).Body.Bytes())
			if r.Type != 4 {
				t.Fatalf("type = %d; want 4", r.Type)
			}
			if got := r.Data.Flags&64 != 0; got != tt.ephemeral {
				t.Errorf("ephemeral = %v; want %v", got, tt.ephemeral)
			}
			if tt.title != "" && r.Data.Embeds[0].Title != tt.title {
				t.Errorf("title = %q; want %q", r.Data.Embeds[0].Title, tt.title)
			}
			ids := r.buttonIDs(t)
			if got := contains(ids, "sd:share:consistent-hashing"); got != tt.share {
				t.Errorf("buttons = %v; share offered %v, want %v", ids, got, tt.share)
			}
		})
	}
}

func TestButtonRequest(t *testing.T) {
	fb := &fakeBot{reply: bot.Reply{Text: "ok", Kind: bot.KindAnswer}}
	a := newAdapter(t, fb, nil, nil, nil)
	serve(t, a, click("sd:topic:bloom-filter"))
	got := fb.Requests()
	if len(got) != 1 || got[0].Command != "topic" || got[0].Text != "bloom-filter" {
		t.Errorf("click request = %+v; want topic bloom-filter", got)
	}
}

func TestAutocomplete(t *testing.T) {
	a := newAdapter(t, realBot(t), nil, nil, nil)
	tests := []struct {
		name, sub, option, typed string
		first                    string // value of the first choice; "" for no choices
		atLeast                  int
	}{
		{"prefix of an id", "topic", "name", "consistent-h", "consistent-hashing", 1},
		{"typo", "topic", "name", "consistnt hashing", "consistent-hashing", 1},
		{"nothing typed", "topic", "name", "", "", 25},
		{"declared choices", "random", "category", "da", "databases", 1},
		{"no match", "random", "category", "zzz", "", 0},
		{"unknown subcommand", "nosuch", "x", "a", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := serve(t, a, autocompleteBody(tt.sub, tt.option, tt.typed))
			if !strings.Contains(w.Body.String(), `"choices":[`) {
				t.Errorf("body %s has no choices list", w.Body)
			}
			r := decode(t, w.Body.Bytes())
			if r.Type != 8 {
				t.Fatalf("type = %d; want 8", r.Type)
			}
			c := r.Data.Choices
			if len(c) > 25 || len(c) < tt.atLeast {
				t.Errorf("%d choices; want %d to 25", len(c), tt.atLeast)
			}
			if tt.first != "" && (len(c) == 0 || c[0].Value != tt.first) {
				t.Errorf("choices = %+v; want %s first", c, tt.first)
			}
			for _, ch := range c {
				if ch.Name == "" || len([]rune(ch.Name)) > 100 || ch.Value == "" || len(ch.Value) > 100 {
					t.Errorf("choice %+v out of Discord's limits", ch)
				}
			}
		})
	}
}

// TestPermission: the adapter reports what Discord says about the member
// (Request.CanManage); refusing is the bot's decision.
func TestPermission(t *testing.T) {
	const (
		none          = "0"
		sendMessages  = "2048"
		manageChannel = "16"
		manageServer  = "32"
		administrator = "8"
	)
	tests := []struct {
		name      string
		member    string // permissions; "" for a DM
		canManage bool
	}{
		{"no permissions", none, false},
		{"other permissions", sendMessages, false},
		{"manage channels", manageChannel, true},
		{"manage server", manageServer, true},
		{"administrator", administrator, true},
		{"in a DM", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fb := &fakeBot{reply: bot.Reply{Text: "done", Kind: bot.KindList}}
			a := newAdapter(t, fb, nil, nil, nil)
			serve(t, a, command("unsubscribe", nil, tt.member))
			got := fb.Requests()
			if len(got) != 1 || got[0].CanManage != tt.canManage {
				t.Fatalf("requests = %+v; want one with CanManage %v", got, tt.canManage)
			}
		})
	}
}

// TestQuizAnswerUpdatesMessage: a click whose reply carries Update (a quiz
// answer) updates the quiz message in place (type 7) and sends the
// personal verdict as an ephemeral follow-up, retrying while Discord has
// not yet seen the response.
func TestQuizAnswerUpdatesMessage(t *testing.T) {
	upd := bot.Reply{Title: "Quiz: Bloom filters", Text: "question", Footer: "2 answers so far.", Kind: bot.KindQuiz,
		Buttons: []bot.Button{{Label: "A", Action: "answer", Value: "bloom-filter.0.abcd:20260302:0"}}}
	fb := &fakeBot{reply: bot.Reply{Title: "Right!", Text: "because", Kind: bot.KindAnswer, Ephemeral: true, Update: &upd}}
	api := newFakeAPI(t, func(n int, c apiCall, w http.ResponseWriter) {
		if n == 0 { // the response has not reached Discord yet
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"message":"Unknown interaction","code":10062}`)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":"999"}`)
	})
	a := newAdapter(t, fb, api, nil, nil)
	r := decode(t, serve(t, a, click("sd:answer:bloom-filter.0.abcd:20260302:0")).Body.Bytes())
	if r.Type != 7 || r.Data.Flags&64 != 0 || r.Data.Embeds[0].Title != "Quiz: Bloom filters" {
		t.Fatalf("response = %+v; want a public update of the quiz message", r)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := a.inflight.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	calls := api.Calls()
	if len(calls) != 2 {
		t.Fatalf("%d follow-up calls; want a 404 then a success", len(calls))
	}
	last := calls[1]
	if last.Method != "POST" || !strings.HasSuffix(last.Path, "/webhooks/"+testAppID+"/interaction-token-xyz") {
		t.Errorf("follow-up = %s %s", last.Method, last.Path)
	}
	var msg struct {
		Flags  int `json:"flags"`
		Embeds []struct {
			Title string `json:"title"`
		} `json:"embeds"`
	}
	json.Unmarshal(last.Body, &msg)
	if msg.Flags&64 == 0 || len(msg.Embeds) == 0 || msg.Embeds[0].Title != "Right!" {
		t.Errorf("follow-up body = %s; want the ephemeral verdict", last.Body)
	}
}

// TestClickCarriesItsMessage checks that a button click tells the bot which
// message the button was on, where and when Discord says it was posted:
// quiz answers are checked against it.
func TestClickCarriesItsMessage(t *testing.T) {
	// Discord's documented example: 175928847299117063 was made at
	// 2016-04-30 11:18:25.796 UTC.
	posted := time.Date(2016, 4, 30, 11, 18, 25, 796_000_000, time.UTC)
	tests := []struct {
		name string
		msg  map[string]any
		want bot.Message
	}{
		{"quiz message", map[string]any{"id": "175928847299117063", "channel_id": testChannel, "content": ""},
			bot.Message{ID: "175928847299117063", Channel: testChannel, Posted: posted}},
		{"message in another channel", map[string]any{"id": "175928847299117063", "channel_id": "999999999999999999"},
			bot.Message{ID: "175928847299117063", Channel: "999999999999999999", Posted: posted}},
		{"id that is no snowflake", map[string]any{"id": "soon", "channel_id": testChannel},
			bot.Message{ID: "soon", Channel: testChannel}},
		{"no message", nil, bot.Message{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var i map[string]any
			json.Unmarshal([]byte(click("sd:answer:bloom-filter.0.abcd:20160430:1")), &i)
			if tt.msg != nil {
				i["message"] = tt.msg
			}
			body, _ := json.Marshal(i)
			fb := &fakeBot{reply: bot.Reply{Text: "ok", Kind: bot.KindError}}
			a := newAdapter(t, fb, nil, nil, nil)
			serve(t, a, string(body))
			reqs := fb.Requests()
			if len(reqs) != 1 {
				t.Fatalf("%d requests; want 1", len(reqs))
			}
			got := reqs[0].Message
			if got.ID != tt.want.ID || got.Channel != tt.want.Channel || !got.Posted.Equal(tt.want.Posted) {
				t.Errorf("message = %+v; want %+v", got, tt.want)
			}
			if reqs[0].Channel != testChannel {
				t.Errorf("channel = %q; want the interaction's %q", reqs[0].Channel, testChannel)
			}
		})
	}
}
