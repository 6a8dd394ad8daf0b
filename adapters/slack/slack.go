// Package slack connects sdbot to Slack: the /sd slash command and its
// buttons over Socket Mode or signed HTTP requests, replies rendered as
// Block Kit, channel posts for the topic of the day, and the app manifest
// that installs it all. Everything Slack-specific lives here; the bot only
// sees neutral requests and replies.
package slack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"

	"github.com/sdbot/sdbot/adapters/internal/apiurl"
	"github.com/sdbot/sdbot/adapters/internal/inflight"
	"github.com/sdbot/sdbot/adapters/internal/retry"
	"github.com/sdbot/sdbot/bot"
)

// Connection modes for Config.Mode.
const (
	ModeHTTP   = "http"   // Slack calls POST /slack/commands, /slack/interactions and /slack/events
	ModeSocket = "socket" // sdbot dials Slack; no public URL needed
)

// Defaults for the zero values in Config.
const (
	defaultReplyBudget  = 2500 * time.Millisecond
	defaultMaxRetryWait = 30 * time.Second
	defaultDrain        = 15 * time.Second
	defaultHTTPTimeout  = 10 * time.Second
	// lateReplyTimeout bounds work that outlives the 3-second window;
	// Slack accepts response_url posts for 30 minutes, users wait less.
	lateReplyTimeout = 30 * time.Second
)

// Config is what the adapter needs. Secrets are plain strings so the
// caller decides where they come from (sdbot reads them from the
// environment only); the adapter never logs them.
type Config struct {
	// Mode is ModeHTTP (the default when empty) or ModeSocket.
	Mode string
	// BotToken (xoxb-...) posts messages; required in both modes.
	BotToken string
	// SigningSecret verifies HTTP requests; required in HTTP mode.
	SigningSecret string
	// AppToken (xapp-...) opens Socket Mode connections; required in
	// socket mode.
	AppToken string
	// APIURL replaces https://slack.com/api/ as the Web API base, for
	// tests and proxies.
	APIURL string
	// Managers are the Slack user ids allowed to administer channels
	// (bot.Request.CanManage).
	Managers []string
	// AdminsManage also lets workspace admins and owners administer
	// channels, looked up with users.info; the app needs the users:read
	// scope.
	AdminsManage bool
	// Logger receives the adapter's logs; nil discards them.
	Logger *slog.Logger
	// HTTPClient makes every outbound call (Web API, response_url); nil
	// uses a client with a 10-second timeout.
	HTTPClient *http.Client
	// ReplyBudget is how long a command may take before the adapter acks
	// and answers later through response_url. Slack allows 3 seconds; the
	// default 2.5 s leaves room for the network.
	ReplyBudget time.Duration
	// MaxRetries bounds retries of a rate-limited (429) call: 0 means 3,
	// negative means none.
	MaxRetries int
	// MaxRetryWait is the longest Retry-After the adapter will wait out;
	// a longer one fails the call at once. 0 means 30 s.
	MaxRetryWait time.Duration
	// DrainTimeout bounds how long Run waits, after ctx ends, for replies
	// still being posted; zero means 15 s.
	DrainTimeout time.Duration
}

// commander is what the adapter needs from the bot.
type commander interface {
	Handle(ctx context.Context, req bot.Request) bot.Reply
	Private(req bot.Request) bool
	Parse(text string) bot.Request
	Commands() []bot.Command
	FirstDelivery(ctx context.Context, platform, eventID string) bool
	Remember(ctx context.Context, t bot.Thread, cardID string)
	Remembers(r bot.Reply) bool
}

// Adapter serves one Slack app. It is safe for concurrent use.
type Adapter struct {
	mode         string
	secret       string
	api          *slack.Client
	client       *http.Client
	bot          commander
	log          *slog.Logger
	managers     map[string]bool
	admins       *adminCache // nil unless Config.AdminsManage
	manageCmds   map[string]bool
	budget       time.Duration
	maxRetries   int
	maxRetryWait time.Duration
	drain        time.Duration
	now          func() time.Time
	tasks        inflight.Tracker
	ready        atomic.Bool
}

var (
	_ bot.Poster       = (*Adapter)(nil)
	_ bot.DirectPoster = (*Adapter)(nil)
)

// New checks cfg and returns an adapter answering with b. It fails fast on
// a missing secret or a bad URL rather than failing on the first request.
func New(cfg Config, b commander) (*Adapter, error) {
	if b == nil {
		return nil, errors.New("slack: no bot")
	}
	mode := cfg.Mode
	if mode == "" {
		mode = ModeHTTP
	}
	switch mode {
	case ModeHTTP:
		if err := CheckSigningSecret(cfg.SigningSecret); err != nil {
			return nil, fmt.Errorf("slack: http mode needs the signing secret, which %w", err)
		}
	case ModeSocket:
		if err := CheckAppToken(cfg.AppToken); err != nil {
			return nil, fmt.Errorf("slack: socket mode needs an app-level token (xapp-...), which %w", err)
		}
	default:
		return nil, fmt.Errorf("slack: mode %q: must be %q or %q", mode, ModeHTTP, ModeSocket)
	}
	if err := CheckBotToken(cfg.BotToken); err != nil {
		return nil, fmt.Errorf("slack: the bot token %w", err)
	}
	a := &Adapter{
		mode:         mode,
		secret:       cfg.SigningSecret,
		client:       cfg.HTTPClient,
		bot:          b,
		log:          cfg.Logger,
		managers:     map[string]bool{},
		budget:       orDefault(cfg.ReplyBudget, defaultReplyBudget),
		maxRetries:   retry.Limited(cfg.MaxRetries),
		maxRetryWait: orDefault(cfg.MaxRetryWait, defaultMaxRetryWait),
		drain:        orDefault(cfg.DrainTimeout, defaultDrain),
		now:          time.Now,
	}
	if a.client == nil {
		a.client = &http.Client{Timeout: defaultHTTPTimeout}
	}
	if a.log == nil {
		a.log = slog.New(slog.DiscardHandler)
	}
	for _, id := range cfg.Managers {
		a.managers[id] = true
	}
	a.manageCmds = map[string]bool{}
	for _, c := range b.Commands() {
		if c.Manage {
			a.manageCmds[c.Name] = true
		}
	}
	if cfg.AdminsManage {
		a.admins = newAdminCache()
	}
	opts := []slack.Option{slack.OptionHTTPClient(a.client)}
	if cfg.AppToken != "" {
		opts = append(opts, slack.OptionAppLevelToken(cfg.AppToken))
	}
	if cfg.APIURL != "" {
		if _, err := apiurl.Parse(cfg.APIURL); err != nil {
			return nil, fmt.Errorf("slack: api url: %w", err)
		}
		opts = append(opts, slack.OptionAPIURL(strings.TrimSuffix(cfg.APIURL, "/")+"/"))
	}
	a.api = slack.New(cfg.BotToken, opts...)
	return a, nil
}

// orDefault returns d, or def when d is not positive.
func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// Routes adds the HTTP-mode endpoints to mux. Slack's request URLs are
// these three paths on sdbot serve's listener. Without a signing secret
// nothing is added: unsigned endpoints must not exist.
func (a *Adapter) Routes(mux *http.ServeMux) {
	if a.secret == "" {
		return
	}
	mux.HandleFunc("POST /slack/commands", a.handleCommand)
	mux.HandleFunc("POST /slack/interactions", a.handleInteraction)
	mux.HandleFunc("POST /slack/events", a.handleEvents)
}

// Run serves until ctx ends: it holds the Socket Mode connection, or in
// HTTP mode only marks the adapter ready (Routes serves the requests).
// Either way it returns once replies still being posted to response_url
// are done, within DrainTimeout, so cancel ctx as the HTTP server shuts
// down.
func (a *Adapter) Run(ctx context.Context) error {
	defer a.drainTasks()
	defer a.ready.Store(false)
	if a.mode != ModeSocket {
		a.ready.Store(true)
		<-ctx.Done()
		return nil
	}
	return a.runSocket(ctx)
}

// Ready reports whether the adapter can hear commands: serving HTTP, or
// connected over Socket Mode.
func (a *Adapter) Ready() bool { return a.ready.Load() }

// drainTasks waits for late replies, at most the drain timeout.
func (a *Adapter) drainTasks() {
	ctx, cancel := context.WithTimeout(context.Background(), a.drain)
	defer cancel()
	if err := a.tasks.Wait(ctx); err != nil {
		a.log.Warn("slack replies still in flight at shutdown", "waited", a.drain.String())
	}
}
