package discord

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/sdbot/sdbot/bot"
)

// event builds an INTERACTION_CREATE event by hand, as discordgo would
// hand it to the handler.
func event(typ discordgo.InteractionType, data discordgo.InteractionData, perms int64) *discordgo.InteractionCreate {
	return &discordgo.InteractionCreate{Interaction: &discordgo.Interaction{
		ID: "666666666666666666", AppID: testAppID, Type: typ, Data: data, Token: "gateway-token-abc",
		GuildID: testGuild, ChannelID: testChannel,
		Member: &discordgo.Member{User: &discordgo.User{ID: "555555555555555555", Username: "ada"}, Permissions: perms},
	}}
}

func slash(sub string, opts ...*discordgo.ApplicationCommandInteractionDataOption) discordgo.ApplicationCommandInteractionData {
	return discordgo.ApplicationCommandInteractionData{ID: "1", Name: "sd", CommandType: discordgo.ChatApplicationCommand,
		Options: []*discordgo.ApplicationCommandInteractionDataOption{{Name: sub, Type: discordgo.ApplicationCommandOptionSubCommand, Options: opts}}}
}

func str(name, value string, focused bool) *discordgo.ApplicationCommandInteractionDataOption {
	return &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: discordgo.ApplicationCommandOptionString, Value: value, Focused: focused}
}

const callbackPath = "/api/v9/interactions/666666666666666666/gateway-token-abc/callback"

func TestGatewayHandler(t *testing.T) {
	tests := []struct {
		name      string
		ev        *discordgo.InteractionCreate
		manage    []string
		respType  int
		ephemeral bool
		check     func(t *testing.T, r response)
	}{
		{"command", event(discordgo.InteractionApplicationCommand, slash("topic", str("name", "consistent-hashing", false)), 0), nil, 4, true,
			func(t *testing.T, r response) {
				if r.Data.Embeds[0].Title != "Consistent hashing" {
					t.Errorf("title = %q", r.Data.Embeds[0].Title)
				}
			}},
		{"error is ephemeral", event(discordgo.InteractionApplicationCommand, slash("topic", str("name", "qqqqzzzz", false)), 0), nil, 4, true, nil},
		{"autocomplete", event(discordgo.InteractionApplicationCommandAutocomplete, slash("topic", str("name", "bloom", true)), 0), nil, 8, false,
			func(t *testing.T, r response) {
				if len(r.Data.Choices) == 0 || len(r.Data.Choices) > 25 || r.Data.Choices[0].Value != "bloom-filter" {
					t.Errorf("choices = %+v", r.Data.Choices)
				}
			}},
		{"button", event(discordgo.InteractionMessageComponent, discordgo.MessageComponentInteractionData{CustomID: "sd:topic:bloom-filter", ComponentType: discordgo.ButtonComponent}, 0), nil, 4, true,
			func(t *testing.T, r response) {
				if !contains(r.buttonIDs(t), "sd:share:bloom-filter") {
					t.Errorf("no share button: %v", r.buttonIDs(t))
				}
			}},
		{"refused without Manage Channels", event(discordgo.InteractionApplicationCommand, slash("unsubscribe"), discordgo.PermissionSendMessages), nil, 4, true,
			func(t *testing.T, r response) {
				if !strings.Contains(r.Data.Embeds[0].Description, "Manage Channels") {
					t.Errorf("refusal = %q", r.Data.Embeds[0].Description)
				}
			}},
		{"allowed with Manage Channels", event(discordgo.InteractionApplicationCommand, slash("unsubscribe"), discordgo.PermissionManageChannels), nil, 4, true,
			func(t *testing.T, r response) {
				if strings.Contains(r.Data.Embeds[0].Description, "Manage Channels") {
					t.Errorf("refused: %q", r.Data.Embeds[0].Description)
				}
			}},
		{"data missing", event(discordgo.InteractionApplicationCommand, nil, 0), nil, 4, true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newFakeAPI(t, func(_ int, _ apiCall, w http.ResponseWriter) { w.WriteHeader(http.StatusNoContent) })
			a := newAdapter(t, realBot(t), api, nil, nil)
			a.onInteractionCreate(t.Context(), tt.ev)
			calls := api.Calls()
			if len(calls) != 1 || calls[0].Method != "POST" || calls[0].Path != callbackPath {
				t.Fatalf("calls = %+v; want one POST %s", calls, callbackPath)
			}
			r := decode(t, calls[0].Body)
			if r.Type != tt.respType {
				t.Fatalf("type = %d; want %d", r.Type, tt.respType)
			}
			if got := r.Data.Flags&64 != 0; got != tt.ephemeral {
				t.Errorf("ephemeral = %v; want %v", got, tt.ephemeral)
			}
			if tt.check != nil {
				tt.check(t, r)
			}
		})
	}
}

func TestGatewayDeferred(t *testing.T) {
	api := newFakeAPI(t, func(_ int, _ apiCall, w http.ResponseWriter) { w.Write([]byte(`{"id":"1"}`)) })
	fb := &fakeBot{reply: bot.Reply{Title: "Late", Text: "x", Kind: bot.KindAnswer}, gate: make(chan struct{})}
	a := newAdapter(t, fb, api, nil, func(c *Config) { c.DeferAfter = 10 * time.Millisecond })
	a.onInteractionCreate(t.Context(), event(discordgo.InteractionApplicationCommand, slash("ask", str("question", "q", false)), 0))
	close(fb.gate)
	if err := a.inflight.Wait(t.Context()); err != nil {
		t.Fatal(err)
	}
	calls := api.Calls()
	if len(calls) != 2 || calls[0].Path != callbackPath || decode(t, calls[0].Body).Type != 5 ||
		calls[1].Method != "PATCH" || calls[1].Path != "/api/v9/webhooks/"+testAppID+"/gateway-token-abc/messages/@original" {
		t.Fatalf("calls = %+v; want the deferral then the edit", calls)
	}
}

func TestGatewayCallbackRateLimited(t *testing.T) {
	api := newFakeAPI(t, func(n int, _ apiCall, w http.ResponseWriter) {
		if n == 0 {
			rateLimited("0.01")(w)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	a := newAdapter(t, realBot(t), api, nil, nil)
	a.onInteractionCreate(t.Context(), event(discordgo.InteractionApplicationCommand, slash("help"), 0))
	if n := len(api.Calls()); n != 2 {
		t.Errorf("%d calls; want the 429 and one retry", n)
	}
}

func TestRunNeedsToken(t *testing.T) {
	a := newAdapter(t, &fakeBot{}, nil, nil, func(c *Config) { c.BotToken = ""; c.Gateway = true })
	if err := a.Run(t.Context()); err == nil {
		t.Error("Run without a token = nil error")
	}
}

// TestRun connects to a local fake gateway: the identify asks for no
// intents, a dispatched INTERACTION_CREATE is answered through the REST
// callback, and Run returns once its context ends.
func TestRun(t *testing.T) {
	identified := make(chan map[string]any, 1)
	ws := fakeGateway(func(conn *websocket.Conn, identify map[string]any) {
		identified <- identify
		var i map[string]any
		json.Unmarshal([]byte(command("help", nil, "0")), &i)
		i["id"], i["token"] = "666666666666666666", "gateway-token-abc"
		conn.WriteJSON(map[string]any{"op": 0, "s": 2, "t": "INTERACTION_CREATE", "d": i})
	})
	api := newFakeDiscord(t, func(_ int, c apiCall, w http.ResponseWriter) {
		if c.Path == "/api/v9/gateway" {
			w.Write([]byte(`{"url":"ws://` + c.Host + `/ws"}`))
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}, ws)

	a := newAdapter(t, realBot(t), api, nil, func(c *Config) { c.Gateway = true })
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()

	select {
	case d := <-identified:
		// Guild messages and DMs, and nothing privileged (message
		// content is 1<<15): mentions and DMs carry their content anyway.
		want := float64(discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages)
		if intents, _ := d["intents"].(float64); intents != want || int(intents)&(1<<15|1<<1|1<<8) != 0 {
			t.Errorf("identify intents = %v; want %v (GUILD_MESSAGES | DIRECT_MESSAGES)", d["intents"], want)
		}
		if d["token"] != "Bot "+testToken {
			t.Errorf("identify token wrong")
		}
	case err := <-done:
		t.Fatalf("Run = %v before identifying", err)
	case <-time.After(5 * time.Second):
		t.Fatal("no identify")
	}
	deadline := time.After(5 * time.Second)
	for answered := false; !answered; {
		select {
		case c := <-api.seen:
			answered = c.Path == callbackPath && decode(t, c.Body).Type == 4
		case <-deadline:
			t.Fatal("interaction not answered")
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run = %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after its context ended")
	}
}

// TestRunRetriesFirstConnection: a gateway that fails the first time is
// tried again with backoff, and the adapter says it is not ready until it
// is connected.
func TestRunRetriesFirstConnection(t *testing.T) {
	ws := fakeGateway(nil)
	var gatewayCalls atomic.Int32
	api := newFakeDiscord(t, func(_ int, c apiCall, w http.ResponseWriter) {
		if c.Path == "/api/v9/gateway" {
			if gatewayCalls.Add(1) == 1 {
				w.WriteHeader(http.StatusServiceUnavailable)
				return
			}
			w.Write([]byte(`{"url":"ws://` + c.Host + `/ws"}`))
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}, ws)
	a := newAdapter(t, realBot(t), api, nil, func(c *Config) { c.Gateway = true })
	if a.Ready() {
		t.Fatal("ready before Run")
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	deadline := time.Now().Add(5 * time.Second)
	for !a.Ready() {
		if time.Now().After(deadline) {
			t.Fatalf("not connected after %d gateway calls; want a retry that connects", gatewayCalls.Load())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if n := gatewayCalls.Load(); n < 2 {
		t.Errorf("%d gateway calls; want the failed one and a retry", n)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run = %v", err)
	}
	if a.Ready() {
		t.Error("ready after Run returned")
	}
}

// fakeGateway is a Discord gateway on /ws/: it says hello, reads the
// identify, says READY, hands the connection to then (if set) and reads
// until the client leaves.
func fakeGateway(then func(conn *websocket.Conn, identify map[string]any)) *http.ServeMux {
	up := websocket.Upgrader{}
	ws := http.NewServeMux()
	ws.HandleFunc("/ws/", func(w http.ResponseWriter, r *http.Request) {
		conn, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer conn.Close()
		conn.WriteJSON(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": 45000}})
		var id struct {
			Op int            `json:"op"`
			D  map[string]any `json:"d"`
		}
		if err := conn.ReadJSON(&id); err != nil || id.Op != 2 {
			return
		}
		conn.WriteJSON(map[string]any{"op": 0, "s": 1, "t": "READY", "d": map[string]any{"v": 10, "session_id": "s1", "user": map[string]any{"id": "1", "username": "sdbot"}}})
		if then != nil {
			then(conn, id.D)
		}
		for {
			if _, _, err := conn.ReadMessage(); err != nil {
				return
			}
		}
	})
	return ws
}
