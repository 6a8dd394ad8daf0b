package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/sdbot/sdbot/adapters/discord"
	"github.com/sdbot/sdbot/adapters/slack"
	"github.com/sdbot/sdbot/bot"
	"github.com/sdbot/sdbot/knowledge"
)

// botAPI is what the adapters need from the bot; the metered bot and the
// plain one both provide it.
type botAPI interface {
	Handle(ctx context.Context, req bot.Request) bot.Reply
	Private(req bot.Request) bool
	Parse(text string) bot.Request
	Commands() []bot.Command
	Suggest(prefix string, n int) []bot.Suggestion
	FirstDelivery(ctx context.Context, platform, eventID string) bool
	Remember(ctx context.Context, t bot.Thread, cardID string)
	Remembers(r bot.Reply) bool
}

// platform is what every platform adapter offers: endpoints on the shared
// listener (none in Socket Mode or gateway mode), a Run that serves or
// connects until its context ends and then drains, whether it is serving
// now, and channel posts for the scheduler.
type platform interface {
	bot.Poster
	Routes(mux *http.ServeMux)
	Run(ctx context.Context) error
	Ready() bool
}

type namedPlatform struct {
	name string
	platform
}

// platforms builds the enabled platform adapters and adds their HTTP
// endpoints to mux.
func (s *server) platforms(b botAPI, mux *http.ServeMux) ([]namedPlatform, error) {
	var out []namedPlatform
	if s.cfg.Slack.Enabled {
		sl, err := newSlack(s.cfg, s.getenv, s.log, b, &http.Client{Timeout: 20 * time.Second, Transport: s.apiTransport("slack")})
		if err != nil {
			return nil, err
		}
		out = append(out, namedPlatform{"slack", sl})
	}
	if s.cfg.Discord.Enabled {
		d, err := newDiscord(s.cfg, s.getenv, s.log, b, s.apiTransport("discord"))
		if err != nil {
			return nil, err
		}
		out = append(out, namedPlatform{"discord", d})
	}
	for _, p := range out {
		p.Routes(mux)
	}
	return out, nil
}

func newSlack(cfg Config, getenv func(string) string, log *slog.Logger, b botAPI, client *http.Client) (*slack.Adapter, error) {
	sl, err := slack.New(slack.Config{
		Mode:          cfg.Slack.Mode,
		APIURL:        cfg.Slack.APIURL,
		Managers:      cfg.Slack.Managers,
		AdminsManage:  cfg.Slack.AdminsManage,
		BotToken:      getenv("SDBOT_SLACK_BOT_TOKEN"),
		SigningSecret: getenv("SDBOT_SLACK_SIGNING_SECRET"),
		AppToken:      getenv("SDBOT_SLACK_APP_TOKEN"),
		DrainTimeout:  time.Duration(cfg.Shutdown.Drain),
		Logger:        log.With("platform", "slack"),
		HTTPClient:    client,
	}, b)
	if err != nil {
		return nil, fmt.Errorf("slack: %w", err)
	}
	return sl, nil
}

func newDiscord(cfg Config, getenv func(string) string, log *slog.Logger, b botAPI, transport http.RoundTripper) (*discord.Adapter, error) {
	d, err := discord.New(discord.Config{
		ApplicationID: cfg.Discord.ApplicationID,
		BotToken:      getenv("SDBOT_DISCORD_BOT_TOKEN"),
		PublicKey:     getenv("SDBOT_DISCORD_PUBLIC_KEY"),
		APIURL:        cfg.Discord.APIURL,
		Gateway:       cfg.Discord.Mode == "gateway",
		DrainTimeout:  time.Duration(cfg.Shutdown.Drain),
		Logger:        log.With("platform", "discord"),
		Transport:     transport,
	}, b)
	if err != nil {
		return nil, fmt.Errorf("discord: %w", err)
	}
	return d, nil
}

func (e env) slackCmd(ctx context.Context, args []string) int {
	rest, code, ok := e.subcommand("slack", args)
	if !ok {
		return code
	}
	fs := newFlags("slack manifest")
	file := fs.String("config", "", "config `file` (default $SDBOT_CONFIG)")
	public := fs.String("url", "", "public https base `URL` of sdbot serve (http mode)")
	name := fs.String("name", "", "app `name` shown in Slack (default sdbot)")
	if code, ok := e.parseNone("slack manifest", fs, rest); !ok {
		return code
	}
	cfg, errs := loadConfig(e.configPath(*file), func(k string) string {
		if k == "SDBOT_SLACK_BOT_TOKEN" || k == "SDBOT_SLACK_SIGNING_SECRET" || k == "SDBOT_SLACK_APP_TOKEN" {
			return "set" // the manifest needs no secrets
		}
		return e.getenv(k)
	})
	idx, code := e.configuredIndex(e.configPath(*file), cfg, errs)
	if idx == nil {
		return code
	}
	defer idx.Close()
	out, err := slack.Manifest(bot.New(idx).Commands(), slack.ManifestOptions{Name: *name, Socket: cfg.Slack.Mode == "socket", PublicURL: *public, UsersRead: cfg.Slack.AdminsManage})
	if err != nil {
		fmt.Fprintln(e.stderr, "sdbot:", err)
		return exitError
	}
	e.stdout.Write(out)
	return exitOK
}

func (e env) discordCmd(ctx context.Context, args []string) int {
	rest, code, ok := e.subcommand("discord", args)
	if !ok {
		return code
	}
	fs := newFlags("discord register")
	file := fs.String("config", "", "config `file` (default $SDBOT_CONFIG)")
	guild := fs.String("guild", "", "register in this guild `ID` only (instant; global takes up to an hour)")
	if code, ok := e.parseNone("discord register", fs, rest); !ok {
		return code
	}
	cfg, errs := loadConfig(e.configPath(*file), e.getenv)
	if cfg.Discord.ApplicationID == "" {
		errs = append(errs, &ConfigError{Key: "discord.application_id", Reason: "must be set (or SDBOT_DISCORD_APPLICATION_ID) to register commands"})
	}
	if e.getenv("SDBOT_DISCORD_BOT_TOKEN") == "" {
		errs = append(errs, &ConfigError{Key: "SDBOT_DISCORD_BOT_TOKEN", Reason: "must be set to register commands"})
	}
	idx, code := e.configuredIndex(e.configPath(*file), cfg, errs)
	if idx == nil {
		return code
	}
	defer idx.Close()
	d, err := newDiscord(cfg, e.getenv, slog.New(slog.NewTextHandler(e.stderr, nil)), bot.New(idx), nil)
	if err != nil {
		fmt.Fprintln(e.stderr, "sdbot:", err)
		return exitError
	}
	guilds := cfg.Discord.GuildIDs
	if *guild != "" {
		guilds = []string{*guild}
	}
	if len(guilds) == 0 {
		guilds = []string{""}
	}
	for _, g := range guilds {
		where := "globally"
		if g != "" {
			where = "in guild " + g
		}
		if err := d.Register(ctx, g); err != nil {
			fmt.Fprintf(e.stderr, "sdbot: register %s: %v\n", where, err)
			return exitError
		}
		fmt.Fprintf(e.stdout, "registered /sd %s\n", where)
	}
	return exitOK
}

// apiTransport carries a platform's outbound calls and counts them in the
// metrics; the adapters bound each call's time themselves.
func (s *server) apiTransport(platform string) http.RoundTripper {
	return apiCounter{platform: platform, next: http.DefaultTransport, m: s.metrics}
}

// configuredIndex reports config problems, or builds the index with the
// config's packs; on failure it returns nil and the exit code.
func (e env) configuredIndex(path string, cfg Config, errs []error) (*knowledge.Index, int) {
	if e.configProblems(path, errs) {
		return nil, exitError
	}
	idx, err := e.indexFor(cfg.Knowledge.Packs)
	if err != nil {
		fmt.Fprintln(e.stderr, "sdbot:", err)
		return nil, exitError
	}
	return idx, exitOK
}
