// Package discord connects sdbot to Discord: one /sd application command
// whose subcommands come from the bot's command table, answered over the
// gateway or over signed HTTP interactions, with replies rendered as embeds
// and buttons that always fit Discord's limits.
package discord

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sdbot/sdbot/adapters/internal/apiurl"
	"github.com/sdbot/sdbot/adapters/internal/inflight"
	"github.com/sdbot/sdbot/adapters/internal/retry"
	"github.com/sdbot/sdbot/bot"
)

// Config is what the adapter needs from sdbot's configuration. Secrets are
// plain fields so the caller decides where they come from (the environment);
// the adapter never logs them.
type Config struct {
	// ApplicationID registers the commands and edits deferred replies.
	ApplicationID string
	// BotToken authenticates the gateway, registration and channel posts.
	// It may be given with or without the "Bot " prefix.
	BotToken string
	// PublicKey is the application's Ed25519 public key in hex, used to
	// verify HTTP interactions. Without it every HTTP interaction is refused.
	PublicKey string
	// APIURL replaces Discord's REST base (https://discord.com/api/v9) for
	// proxies and tests; empty means Discord's own.
	APIURL string
	// Now reads the clock for the replay window; nil means time.Now.
	Now func() time.Time
	// Transport carries the REST calls; nil means http.DefaultTransport.
	Transport http.RoundTripper
	// Logger receives errors the user cannot see; nil discards them.
	Logger *slog.Logger
	// ShardID and ShardCount split the gateway across processes; zero
	// ShardCount means one shard.
	ShardID, ShardCount int
	// DeferAfter is how long a command may run before the adapter defers
	// (type 5) and edits the reply in later, so Discord's 3-second deadline
	// is never missed. Zero means 1.5 s.
	DeferAfter time.Duration
	// Gateway makes Run hold a gateway connection; otherwise interactions
	// arrive over HTTP at Routes' endpoint.
	Gateway bool
	// DrainTimeout bounds how long Run waits, after ctx ends, for replies
	// still being made; zero means 15 s.
	DrainTimeout time.Duration
	// MaxRetries bounds the retries of a REST call rate limited with 429:
	// zero means 3, negative means none.
	MaxRetries int
	// MaxRetryWait is the longest retry_after the adapter waits out; a
	// longer one fails the call instead. Zero means 10 s.
	MaxRetryWait time.Duration
}

// handler is what the adapter uses of the bot.
type handler interface {
	Handle(ctx context.Context, req bot.Request) bot.Reply
	Private(req bot.Request) bool
	Commands() []bot.Command
	Suggest(prefix string, n int) []bot.Suggestion
	Parse(text string) bot.Request
	Remember(ctx context.Context, t bot.Thread, cardID string)
	Remembers(r bot.Reply) bool
}

// Adapter answers Discord interactions with the bot and posts to channels.
// It is safe for concurrent use.
type Adapter struct {
	cfg       Config
	bot       handler
	log       *slog.Logger
	session   *discordgo.Session
	publicKey ed25519.PublicKey
	// inflight counts deferred replies still being worked on, so shutdown
	// can wait for them.
	inflight inflight.Tracker
	ready    atomic.Bool
	// self is the bot's user id, from the gateway's READY; until then the
	// application id, which is the same for a bot made since 2021.
	self atomic.Pointer[string]
}

var (
	_ bot.Poster       = (*Adapter)(nil)
	_ bot.DirectPoster = (*Adapter)(nil)
)

// Defaults for the zero values of Config.
const (
	defaultDeferAfter   = 1500 * time.Millisecond
	defaultMaxRetryWait = 10 * time.Second
	defaultDrain        = 15 * time.Second
	// workTimeout bounds a deferred command and its edit; the interaction
	// token itself lasts 15 minutes.
	workTimeout = 2 * time.Minute
	// restTimeout bounds one REST round trip.
	restTimeout = 20 * time.Second
)

// New returns an adapter answering with b. It fails on a malformed public
// key or API URL, so a bad configuration stops sdbot at start.
func New(cfg Config, b handler) (*Adapter, error) {
	if b == nil {
		return nil, errors.New("discord: no bot")
	}
	a := &Adapter{cfg: cfg, bot: b, log: cfg.Logger}
	if a.log == nil {
		a.log = slog.New(slog.DiscardHandler)
	}
	if a.cfg.DeferAfter <= 0 {
		a.cfg.DeferAfter = defaultDeferAfter
	}
	a.cfg.MaxRetries = retry.Limited(cfg.MaxRetries)
	if a.cfg.DrainTimeout <= 0 {
		a.cfg.DrainTimeout = defaultDrain
	}
	if a.cfg.MaxRetryWait <= 0 {
		a.cfg.MaxRetryWait = defaultMaxRetryWait
	}
	if cfg.ApplicationID != "" {
		if err := CheckApplicationID(cfg.ApplicationID); err != nil {
			return nil, fmt.Errorf("discord application id: %w", err)
		}
	}
	if cfg.PublicKey != "" {
		key, err := parsePublicKey(cfg.PublicKey)
		if err != nil {
			return nil, fmt.Errorf("discord public key: %w", err)
		}
		a.publicKey = key
	}
	var base *url.URL
	if cfg.APIURL != "" {
		u, err := apiurl.Parse(cfg.APIURL)
		if err != nil {
			return nil, fmt.Errorf("discord api url: %w", err)
		}
		base = u
	}
	next := cfg.Transport
	if next == nil {
		next = http.DefaultTransport
	}

	token := strings.TrimSpace(cfg.BotToken)
	if token != "" && !strings.HasPrefix(token, "Bot ") {
		token = "Bot " + token
	}
	s, err := discordgo.New(token)
	if err != nil {
		return nil, fmt.Errorf("discord session: %w", err)
	}
	s.Client = &http.Client{Transport: &redirect{base: base, next: next}, Timeout: restTimeout}
	// The adapter bounds and retries 429s itself; discordgo would sleep
	// without limit and without watching the context.
	s.ShouldRetryOnRateLimit = false
	// discordgo repeats a request after a 502 on its own; a repeated
	// channel post could appear twice, so sdbot decides on retries itself.
	s.MaxRestRetries = 0
	// Interactions arrive whatever the intents. Messages that mention the
	// bot and DMs need these two, neither privileged: Discord gives a bot
	// the content of those messages without MESSAGE_CONTENT.
	s.Identify.Intents = discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages
	s.StateEnabled = false
	if cfg.ShardCount > 0 {
		s.ShardID, s.ShardCount = cfg.ShardID, cfg.ShardCount
	}
	a.session = s
	return a, nil
}

// Ready reports whether the adapter can hear interactions: serving HTTP,
// or connected to the gateway.
func (a *Adapter) Ready() bool { return a.ready.Load() }

// drain waits for deferred replies still being edited in, at most
// DrainTimeout, so a shutdown neither cuts them off nor outlasts the
// orchestrator's patience.
func (a *Adapter) drain() {
	ctx, cancel := context.WithTimeout(context.Background(), a.cfg.DrainTimeout)
	defer cancel()
	if err := a.inflight.Wait(ctx); err != nil {
		a.log.Warn("discord replies still in flight at shutdown", "waited", a.cfg.DrainTimeout.String())
	}
}
