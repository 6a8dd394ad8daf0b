package discord

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sdbot/sdbot/bot"
	"github.com/sdbot/sdbot/knowledge"
)

// RFC 8032 section 7.1, test 1.
const (
	rfcSeed      = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
	rfcPublicKey = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
	rfcSignature = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
)

const (
	testAppID   = "111111111111111111"
	testToken   = "test-bot-token-not-secret"
	testChannel = "222222222222222222"
	testGuild   = "333333333333333333"
)

var (
	indexOnce sync.Once
	shipped   *knowledge.Index
	indexErr  error
)

// realBot is the shipped bot on the shipped cards, built once per package.
func realBot(t testing.TB) *bot.Bot {
	t.Helper()
	indexOnce.Do(func() {
		set, _ := knowledge.Load()
		shipped, indexErr = knowledge.NewIndex(set)
	})
	if indexErr != nil {
		t.Fatal(indexErr)
	}
	return bot.New(shipped, bot.WithRandom(func(n int) int { return 0 }))
}

func rfcKey(t testing.TB) ed25519.PrivateKey {
	t.Helper()
	seed, err := hex.DecodeString(rfcSeed)
	if err != nil {
		t.Fatal(err)
	}
	return ed25519.NewKeyFromSeed(seed)
}

// signed is a POST to the interactions endpoint signed as Discord signs.
func signed(t testing.TB, key ed25519.PrivateKey, timestamp string, body []byte) *http.Request {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, InteractionsPath, bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("X-Signature-Timestamp", timestamp)
	r.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(key, append([]byte(timestamp), body...))))
	return r
}

// apiCall is one request the fake Discord API received.
type apiCall struct {
	Method, Path, Auth, Host string
	Body                     []byte
}

// fakeAPI is a local stand-in for Discord's REST API. reply answers each
// call; nil answers 200 with a message.
type fakeAPI struct {
	*httptest.Server
	mu    sync.Mutex
	calls []apiCall
	reply func(n int, c apiCall, w http.ResponseWriter)
	seen  chan apiCall
}

func newFakeAPI(t testing.TB, reply func(n int, c apiCall, w http.ResponseWriter)) *fakeAPI {
	t.Helper()
	return newFakeDiscord(t, reply, nil)
}

// newFakeDiscord is a fake API that also serves ws, a fake gateway, under
// /ws.
func newFakeDiscord(t testing.TB, reply func(n int, c apiCall, w http.ResponseWriter), ws http.Handler) *fakeAPI {
	t.Helper()
	f := &fakeAPI{reply: reply, seen: make(chan apiCall, 100)}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ws != nil && strings.HasPrefix(r.URL.Path, "/ws") {
			ws.ServeHTTP(w, r)
			return
		}
		body, _ := io.ReadAll(r.Body)
		c := apiCall{Method: r.Method, Path: r.URL.Path, Auth: r.Header.Get("Authorization"), Host: r.Host, Body: body}
		f.mu.Lock()
		n := len(f.calls)
		f.calls = append(f.calls, c)
		f.mu.Unlock()
		if f.reply != nil {
			f.reply(n, c, w)
		} else {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"id":"999","channel_id":"222222222222222222"}`)
		}
		select {
		case f.seen <- c:
		default:
		}
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeAPI) Calls() []apiCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]apiCall(nil), f.calls...)
}

// newAdapter builds an adapter on b whose REST calls go to api (if any),
// logging into logs (if any).
func newAdapter(t testing.TB, b handler, api *fakeAPI, logs *bytes.Buffer, edit func(*Config)) *Adapter {
	t.Helper()
	cfg := Config{ApplicationID: testAppID, BotToken: testToken, PublicKey: rfcPublicKey,
		Now: func() time.Time { return time.Unix(1700000000, 0) }}
	if api != nil {
		cfg.APIURL = api.URL + "/api/v9"
		cfg.Transport = api.Client().Transport
	}
	if logs != nil {
		cfg.Logger = slog.New(slog.NewTextHandler(logs, nil))
	}
	if edit != nil {
		edit(&cfg)
	}
	a, err := New(cfg, b)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return a
}

// serve sends a signed interaction through the adapter's routes.
func serve(t testing.TB, a *Adapter, interaction string) *httptest.ResponseRecorder {
	t.Helper()
	mux := http.NewServeMux()
	a.Routes(mux)
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, signed(t, rfcKey(t), "1700000000", []byte(interaction)))
	return w
}

// response is an interaction response as Discord reads it.
type response struct {
	Type int `json:"type"`
	Data struct {
		Flags      int                          `json:"flags"`
		Embeds     []*discordgo.MessageEmbed    `json:"embeds"`
		Components []map[string]json.RawMessage `json:"components"`
		Choices    []choice                     `json:"choices"`
	} `json:"data"`
}

func decode(t testing.TB, body []byte) response {
	t.Helper()
	var r response
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatalf("response %s: %v", body, err)
	}
	return r
}

// buttonIDs returns the custom_ids of the buttons in a response.
func (r response) buttonIDs(t testing.TB) []string {
	t.Helper()
	var ids []string
	for _, row := range r.Data.Components {
		var buttons []struct {
			CustomID string `json:"custom_id"`
		}
		if err := json.Unmarshal(row["components"], &buttons); err != nil {
			t.Fatal(err)
		}
		for _, b := range buttons {
			ids = append(ids, b.CustomID)
		}
	}
	return ids
}

// command is an application command interaction body for /sd sub.
func command(sub string, options map[string]string, member string) string {
	var opts []map[string]any
	for k, v := range options {
		opts = append(opts, map[string]any{"name": k, "type": 3, "value": v})
	}
	i := map[string]any{
		"id": "444444444444444444", "application_id": testAppID, "type": 2, "token": "interaction-token-xyz",
		"channel_id": testChannel, "locale": "en-US",
		"data": map[string]any{"id": "1", "name": "sd", "type": 1,
			"options": []any{map[string]any{"name": sub, "type": 1, "options": opts}}},
	}
	addUser(i, member)
	b, _ := json.Marshal(i)
	return string(b)
}

// addUser sets who sent an interaction: a guild member with the given
// permission bits, or a DM user when member is "".
func addUser(i map[string]any, member string) {
	user := map[string]any{"id": "555555555555555555", "username": "ada", "global_name": "Ada"}
	if member == "" {
		i["user"] = user
		return
	}
	i["guild_id"] = testGuild
	i["member"] = map[string]any{"user": user, "permissions": member}
}

func click(customID string) string {
	i := map[string]any{
		"id": "444444444444444445", "application_id": testAppID, "type": 3, "token": "interaction-token-xyz",
		"channel_id": testChannel,
		"data":       map[string]any{"custom_id": customID, "component_type": 2},
	}
	addUser(i, "0")
	b, _ := json.Marshal(i)
	return string(b)
}

func autocompleteBody(sub, option, typed string) string {
	i := map[string]any{
		"id": "444444444444444446", "application_id": testAppID, "type": 4, "token": "interaction-token-xyz",
		"channel_id": testChannel,
		"data": map[string]any{"id": "1", "name": "sd", "type": 1,
			"options": []any{map[string]any{"name": sub, "type": 1, "options": []any{
				map[string]any{"name": option, "type": 3, "value": typed, "focused": true},
			}}}},
	}
	addUser(i, "0")
	b, _ := json.Marshal(i)
	return string(b)
}

// fakeBot is a bot for the adapter's own paths: it records requests and
// answers from reply, waiting on gate first when gate is set.
type fakeBot struct {
	mu       sync.Mutex
	requests []bot.Request
	commands []bot.Command
	reply    bot.Reply
	private  *bool
	gate     chan struct{}
}

func (f *fakeBot) Handle(ctx context.Context, req bot.Request) bot.Reply {
	f.mu.Lock()
	f.requests = append(f.requests, req)
	f.mu.Unlock()
	if f.gate != nil {
		select {
		case <-f.gate:
		case <-ctx.Done():
		}
	}
	return f.reply
}

func (f *fakeBot) Commands() []bot.Command { return f.commands }

// Parse reads typed text as the command word and the rest.
func (f *fakeBot) Parse(text string) bot.Request {
	name, rest, _ := strings.Cut(strings.TrimSpace(text), " ")
	return bot.Request{Command: name, Text: rest}
}

func (f *fakeBot) Remember(context.Context, bot.Thread, string) {}
func (f *fakeBot) Remembers(bot.Reply) bool                     { return false }

// Private predicts the reply's visibility as the real bot does; private
// overrides it, for a prediction the reply then contradicts.
func (f *fakeBot) Private(bot.Request) bool {
	if f.private != nil {
		return *f.private
	}
	return f.reply.Ephemeral
}

func (f *fakeBot) Suggest(prefix string, n int) []bot.Suggestion { return nil }

func (f *fakeBot) Requests() []bot.Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]bot.Request(nil), f.requests...)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
