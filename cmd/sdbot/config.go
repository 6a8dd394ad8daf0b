package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/url"
	"os"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/sdbot/sdbot/adapters/discord"
	"github.com/sdbot/sdbot/adapters/slack"
	"github.com/sdbot/sdbot/bot"
)

// Config is sdbot's configuration file. Secrets are never read from it:
// they come from the environment only (see secretEnv).
type Config struct {
	HTTP struct {
		Addr string `yaml:"addr"`
	} `yaml:"http"`
	DataDir     string `yaml:"data_dir"`
	DatabaseURL string `yaml:"database_url"`
	Knowledge   struct {
		Packs []string `yaml:"packs"`
	} `yaml:"knowledge"`
	Slack struct {
		Enabled  bool     `yaml:"enabled"`
		Mode     string   `yaml:"mode"`
		APIURL   string   `yaml:"api_url"`
		Managers []string `yaml:"managers"`
		// AdminsManage lets workspace admins and owners manage too.
		AdminsManage bool `yaml:"admins_manage"`
	} `yaml:"slack"`
	Discord struct {
		Enabled       bool     `yaml:"enabled"`
		Mode          string   `yaml:"mode"`
		ApplicationID string   `yaml:"application_id"`
		APIURL        string   `yaml:"api_url"`
		GuildIDs      []string `yaml:"guild_ids"`
	} `yaml:"discord"`
	Limits struct {
		UserPerMinute    int `yaml:"user_per_minute"`
		ChannelPerMinute int `yaml:"channel_per_minute"`
		Concurrent       int `yaml:"concurrent"`
	} `yaml:"limits"`
	Schedule struct {
		Grace  Duration `yaml:"grace"`
		Reload Duration `yaml:"reload"`
	} `yaml:"schedule"`
	Feedback struct {
		// KeepDays is how long the text of a question the bot could not
		// answer is kept for `sdbot report`; 0 stores none.
		KeepDays int `yaml:"keep_days"`
	} `yaml:"feedback"`
	Shutdown struct {
		// Drain is how long a shutdown may take, in-flight replies
		// included; keep it under the orchestrator's grace period.
		Drain Duration `yaml:"drain"`
	} `yaml:"shutdown"`
	Metrics struct {
		// Addr, when set, moves GET /metrics off http.addr onto its own
		// listener, so the public one need not expose it.
		Addr string `yaml:"addr"`
	} `yaml:"metrics"`
}

// Duration is a time.Duration written as "6h" or "90m" in YAML.
type Duration time.Duration

// UnmarshalYAML parses a Go duration string.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	var s string
	if err := n.Decode(&s); err != nil {
		return err
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		// The value is not echoed: it may be a token pasted on the
		// wrong line.
		return fmt.Errorf("line %d: not a duration such as 6h or 90m (the value is not shown)", n.Line)
	}
	*d = Duration(v)
	return nil
}

// Environment variables that hold secrets; they are never logged.
var secretEnv = []string{
	"SDBOT_SLACK_BOT_TOKEN", "SDBOT_SLACK_SIGNING_SECRET", "SDBOT_SLACK_APP_TOKEN",
	"SDBOT_DISCORD_BOT_TOKEN", "SDBOT_DISCORD_PUBLIC_KEY", "SDBOT_DATABASE_URL",
}

func defaultConfig() Config {
	var c Config
	c.HTTP.Addr = "127.0.0.1:8080"
	c.DataDir = "./data"
	c.Slack.Mode = "http"
	c.Discord.Mode = "http"
	c.Schedule.Grace = Duration(6 * time.Hour)
	c.Schedule.Reload = Duration(30 * time.Second)
	c.Shutdown.Drain = Duration(15 * time.Second)
	c.Limits.UserPerMinute = 30
	c.Limits.ChannelPerMinute = 120
	c.Limits.Concurrent = 64
	c.Feedback.KeepDays = bot.DefaultKeepDays
	return c
}

// ConfigError names the key that is wrong, and the line when it comes
// from the file.
type ConfigError struct {
	Key    string
	Reason string
	Line   int // 0: not from a line of the file
}

func (e *ConfigError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s: %s (line %d)", e.Key, e.Reason, e.Line)
	}
	return e.Key + ": " + e.Reason
}

const maxConfigBytes = 1 << 20

// maxKeepDays bounds feedback.keep_days: ten years is already longer than
// any curator needs a question's text.
const maxKeepDays = 3650

// loadConfig reads the file (when path is not empty), applies environment
// overrides and validates the result, secrets included: for serve and the
// commands that talk to a platform. Every problem is returned, each naming
// its key.
func loadConfig(path string, getenv func(string) string) (Config, []error) {
	cfg, errs := readConfig(path, getenv)
	errs = append(errs, cfg.validate(getenv)...)
	return cfg, append(errs, cfg.validateMetrics()...)
}

// validateMetrics checks metrics.addr: empty (metrics on http.addr), or a
// host:port of its own.
func (c Config) validateMetrics() []error {
	if c.Metrics.Addr == "" {
		return nil
	}
	if _, port, err := net.SplitHostPort(c.Metrics.Addr); err != nil || port == "" {
		return []error{&ConfigError{Key: "metrics.addr", Reason: "must be host:port, such as 127.0.0.1:9090, or empty to serve /metrics on http.addr"}}
	}
	if c.Metrics.Addr == c.HTTP.Addr {
		return []error{&ConfigError{Key: "metrics.addr", Reason: "must differ from http.addr, or be empty to serve /metrics there"}}
	}
	return nil
}

// readConfig reads the file (when path is not empty) and applies the
// environment overrides, reporting every key it cannot read, but does not
// ask for the platforms' secrets: ask, topic, list, random and search need
// only knowledge.packs, so a config that enables Slack must not stop them.
func readConfig(path string, getenv func(string) string) (Config, []error) {
	cfg := defaultConfig()
	var errs []error
	if path != "" {
		data, err := readConfigFile(path)
		if err != nil {
			return cfg, []error{err}
		}
		errs = decodeConfig(data, &cfg)
	}
	if v := getenv("SDBOT_HTTP_ADDR"); v != "" {
		cfg.HTTP.Addr = v
	}
	if v := getenv("SDBOT_DATA_DIR"); v != "" {
		cfg.DataDir = v
	}
	if v := getenv("SDBOT_DATABASE_URL"); v != "" {
		cfg.DatabaseURL = v
	}
	if v := getenv("SDBOT_DISCORD_APPLICATION_ID"); v != "" {
		cfg.Discord.ApplicationID = v
	}
	if v := getenv("SDBOT_METRICS_ADDR"); v != "" {
		cfg.Metrics.Addr = v
	}
	return cfg, errs
}

// readConfigFile reads the config file, saying which setting named it
// when it cannot be read.
func readConfigFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		why := "cannot be read"
		switch {
		case errors.Is(err, fs.ErrNotExist):
			why = "does not exist"
		case errors.Is(err, fs.ErrPermission):
			why = "is not readable by this user"
		}
		return nil, fmt.Errorf("config file %s %s: fix --config or SDBOT_CONFIG", path, why)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxConfigBytes+1))
	if err != nil {
		return nil, fmt.Errorf("config file %s cannot be read (is it a directory?): fix --config or SDBOT_CONFIG", path)
	}
	if len(data) > maxConfigBytes {
		return nil, fmt.Errorf("config file %s is larger than %d bytes", path, maxConfigBytes)
	}
	return data, nil
}

func (c Config) validate(getenv func(string) string) []error {
	var errs []error
	bad := func(key, format string, a ...any) {
		errs = append(errs, &ConfigError{Key: key, Reason: fmt.Sprintf(format, a...)})
	}
	if _, port, err := net.SplitHostPort(c.HTTP.Addr); err != nil || port == "" {
		bad("http.addr", "must be host:port, such as 127.0.0.1:8080")
	}
	if strings.TrimSpace(c.DataDir) == "" {
		bad("data_dir", "must not be empty")
	}
	if c.DatabaseURL != "" {
		if u, err := url.Parse(c.DatabaseURL); err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			bad("database_url", "must be a postgres:// URL (the value is not shown)")
		}
	}
	for i, p := range c.Knowledge.Packs {
		if strings.TrimSpace(p) == "" {
			bad(fmt.Sprintf("knowledge.packs[%d]", i), "must be a directory path")
		}
	}
	if c.Slack.Mode != "http" && c.Slack.Mode != "socket" {
		bad("slack.mode", `must be "http" or "socket"`)
	}
	if c.Discord.Mode != "http" && c.Discord.Mode != "gateway" {
		bad("discord.mode", `must be "http" or "gateway"`)
	}
	for key, u := range map[string]string{"slack.api_url": c.Slack.APIURL, "discord.api_url": c.Discord.APIURL} {
		if u == "" {
			continue
		}
		if p, err := url.Parse(u); err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			bad(key, "must be an http(s) URL")
		}
	}
	if g := time.Duration(c.Schedule.Grace); g < 0 || g > 24*time.Hour {
		bad("schedule.grace", "must be between 0 and 24h")
	}
	for key, v := range map[string]int{"limits.user_per_minute": c.Limits.UserPerMinute, "limits.channel_per_minute": c.Limits.ChannelPerMinute, "limits.concurrent": c.Limits.Concurrent} {
		if v < 0 || v > 1_000_000 {
			bad(key, "must be between 0 (no limit) and 1000000")
		}
	}
	if d := c.Feedback.KeepDays; d < 0 || d > maxKeepDays {
		bad("feedback.keep_days", "must be between 0 (keep no question text) and %d", maxKeepDays)
	}
	if d := time.Duration(c.Shutdown.Drain); d < time.Second || d > 10*time.Minute {
		bad("shutdown.drain", "must be between 1s and 10m")
	}
	if r := time.Duration(c.Schedule.Reload); r < time.Second || r > time.Minute {
		bad("schedule.reload", "must be between 1s and 1m, so changes reach every replica within a minute")
	}
	// Secrets and ids go through the adapters' own checks, the ones
	// serve runs, so config check never passes what serve refuses.
	need := func(key, env string, check func(string) error) {
		if getenv(env) == "" {
			bad(key, "enabled, but the environment variable %s is not set (or only whitespace)", env)
			return
		}
		if check != nil {
			if err := check(getenv(env)); err != nil {
				bad(env, "%v (the value is not shown)", err)
			}
		}
	}
	if c.Slack.Enabled {
		need("slack.enabled", "SDBOT_SLACK_BOT_TOKEN", slack.CheckBotToken)
		if c.Slack.Mode == "socket" {
			need("slack.enabled", "SDBOT_SLACK_APP_TOKEN", slack.CheckAppToken)
		} else {
			need("slack.enabled", "SDBOT_SLACK_SIGNING_SECRET", slack.CheckSigningSecret)
		}
	}
	if c.Discord.ApplicationID != "" {
		if err := discord.CheckApplicationID(c.Discord.ApplicationID); err != nil {
			bad("discord.application_id", "%v (the value is not shown)", err)
		}
	}
	if key := getenv("SDBOT_DISCORD_PUBLIC_KEY"); key != "" {
		if err := discord.CheckPublicKey(key); err != nil {
			bad("SDBOT_DISCORD_PUBLIC_KEY", "%v (the value is not shown)", err)
		}
	}
	if c.Discord.Enabled {
		if c.Discord.ApplicationID == "" {
			bad("discord.application_id", "must be set (or SDBOT_DISCORD_APPLICATION_ID) when discord is enabled")
		}
		if c.Discord.Mode == "gateway" {
			need("discord.enabled", "SDBOT_DISCORD_BOT_TOKEN", nil)
		} else {
			need("discord.enabled", "SDBOT_DISCORD_PUBLIC_KEY", nil)
		}
	}
	return errs
}
