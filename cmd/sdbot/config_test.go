package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func writeConfig(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestExampleConfigValid(t *testing.T) {
	cfg, errs := loadConfig(filepath.Join("..", "..", "config.example.yaml"), func(string) string { return "" })
	if len(errs) != 0 {
		t.Fatalf("config.example.yaml: %v", errs)
	}
	if cfg.HTTP.Addr != "127.0.0.1:8080" || time.Duration(cfg.Schedule.Grace) != 6*time.Hour {
		t.Errorf("example config = %+v", cfg)
	}
}

func TestDeployConfigValid(t *testing.T) {
	env := map[string]string{"SDBOT_SLACK_BOT_TOKEN": "x", "SDBOT_SLACK_SIGNING_SECRET": "y"}
	if _, errs := loadConfig(filepath.Join("..", "..", "deploy", "config.yaml"), func(k string) string { return env[k] }); len(errs) != 0 {
		t.Errorf("deploy/config.yaml: %v", errs)
	}
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		env  map[string]string
		want string
	}{
		{"slack mode", "slack: {mode: carrier-pigeon}\n", nil, `slack.mode: must be "http" or "socket"`},
		{"discord mode", "discord: {mode: smoke}\n", nil, `discord.mode: must be "http" or "gateway"`},
		{"unknown key", "http: {addr: \"127.0.0.1:1\", port: 3}\n", nil, `unknown key "port"`},
		{"unknown top key", "colour: red\n", nil, `unknown key "colour"`},
		{"bad grace", "schedule: {grace: soon}\n", nil, "not a duration"},
		{"grace range", "schedule: {grace: 48h}\n", nil, "schedule.grace"},
		{"addr", "http: {addr: nowhere}\n", nil, "http.addr"},
		{"api url", "slack: {api_url: \"ftp://x\"}\n", nil, "slack.api_url"},
		{"db url", "database_url: \"mysql://u:hunter2@h/db\"\n", nil, "database_url: must be a postgres:// URL"},
		{"slack secret", "slack: {enabled: true, mode: http}\n", nil, "SDBOT_SLACK_SIGNING_SECRET is not set"},
		{"socket token", "slack: {enabled: true, mode: socket}\n", map[string]string{"SDBOT_SLACK_BOT_TOKEN": "xoxb-secret"}, "SDBOT_SLACK_APP_TOKEN is not set"},
		{"discord app id", "discord: {enabled: true}\n", nil, "discord.application_id"},
		{"not yaml", "http: [\n", nil, "config"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeConfig(t, tt.yaml)
			code, out, errs := cli(t, "", tt.env, "config", "check", "--config", path)
			if code != 1 || !strings.Contains(errs, tt.want) {
				t.Errorf("config check = exit %d, out %q, err %q; want exit 1 naming %q", code, out, errs, tt.want)
			}
			for _, secret := range []string{"hunter2", "xoxb-secret"} {
				if strings.Contains(out+errs, secret) {
					t.Errorf("output shows a secret: %q", out+errs)
				}
			}
		})
	}
}

func TestConfigEnvAndDefaults(t *testing.T) {
	code, out, errs := cli(t, "", nil, "config", "check")
	if code != 0 || !strings.Contains(out, "defaults") {
		t.Errorf("config check without a file = %d %q %q", code, out, errs)
	}
	path := writeConfig(t, "slack: {enabled: true, mode: socket}\n")
	env := map[string]string{"SDBOT_CONFIG": path, "SDBOT_SLACK_BOT_TOKEN": "x", "SDBOT_SLACK_APP_TOKEN": "xapp-y"}
	code, out, errs = cli(t, "", env, "config", "check")
	if code != 0 || !strings.Contains(out, "SDBOT_SLACK_APP_TOKEN: set") || !strings.Contains(out, "SDBOT_DATABASE_URL: not set") {
		t.Errorf("SDBOT_CONFIG with tokens = %d %q %q", code, out, errs)
	}
	cfg, errs2 := loadConfig("", func(k string) string {
		return map[string]string{"SDBOT_HTTP_ADDR": "0.0.0.0:9000", "SDBOT_DATABASE_URL": "postgres://h/db"}[k]
	})
	if len(errs2) != 0 || cfg.HTTP.Addr != "0.0.0.0:9000" || cfg.DatabaseURL != "postgres://h/db" {
		t.Errorf("env overrides = %+v %v", cfg, errs2)
	}
	empty := writeConfig(t, "")
	if _, errs := loadConfig(empty, func(string) string { return "" }); len(errs) != 0 {
		t.Errorf("empty config file: %v", errs)
	}
}

func TestPacksFromConfig(t *testing.T) {
	pack, _ := filepath.Abs(filepath.Join("..", "..", "knowledge", "testdata", "pack"))
	path := writeConfig(t, "knowledge: {packs: [\""+pack+"\"]}\n")
	code, out, errs := cli(t, "", map[string]string{"SDBOT_CONFIG": path}, "topic", "team-incident-review")
	if code != 0 || !strings.Contains(out, "incident review") {
		t.Errorf("pack topic = %d %q %q", code, out, errs)
	}
}

// TestConfigCheckMatchesServe checks that config check refuses what serve
// refuses, by the same checks, and never prints the bad value.
func TestConfigCheckMatchesServe(t *testing.T) {
	const leak = "xoxb-1234-leaked-token"
	slackHTTP := "slack: {enabled: true, mode: http}\n"
	tests := []struct {
		name string
		yaml string
		env  map[string]string
		ok   bool
		want string
	}{
		{"blank signing secret", slackHTTP, map[string]string{"SDBOT_SLACK_BOT_TOKEN": "xoxb-1", "SDBOT_SLACK_SIGNING_SECRET": " \t\n"}, false, "SDBOT_SLACK_SIGNING_SECRET is not set (or only whitespace)"},
		{"blank bot token", slackHTTP, map[string]string{"SDBOT_SLACK_BOT_TOKEN": "  ", "SDBOT_SLACK_SIGNING_SECRET": "s"}, false, "SDBOT_SLACK_BOT_TOKEN is not set (or only whitespace)"},
		{"secret with a newline", slackHTTP, map[string]string{"SDBOT_SLACK_BOT_TOKEN": "xoxb-1", "SDBOT_SLACK_SIGNING_SECRET": leak + "\n"}, true, "SDBOT_SLACK_SIGNING_SECRET: set (spaces or line breaks around the value are ignored)"},
		{"secret with a space inside", slackHTTP, map[string]string{"SDBOT_SLACK_BOT_TOKEN": "xoxb-1", "SDBOT_SLACK_SIGNING_SECRET": "two " + leak}, false, "SDBOT_SLACK_SIGNING_SECRET: contains spaces"},
		{"socket token not xapp", "slack: {enabled: true, mode: socket}\n", map[string]string{"SDBOT_SLACK_BOT_TOKEN": "xoxb-1", "SDBOT_SLACK_APP_TOKEN": leak}, false, "SDBOT_SLACK_APP_TOKEN: must start with xapp-"},
		{"application id not digits", "discord: {application_id: \"" + leak + "\"}\n", nil, false, "discord.application_id: must be a Discord id"},
		{"application id not digits, enabled", "discord: {enabled: true, application_id: \"" + leak + "\"}\n", map[string]string{"SDBOT_DISCORD_PUBLIC_KEY": rfcPublic}, false, "discord.application_id: must be a Discord id"},
		{"public key not hex", "discord: {enabled: true, application_id: \"123456789012345678\"}\n", map[string]string{"SDBOT_DISCORD_PUBLIC_KEY": leak}, false, "SDBOT_DISCORD_PUBLIC_KEY: must be 64 hex characters"},
		{"good discord", "discord: {enabled: true, application_id: \"123456789012345678\"}\n", map[string]string{"SDBOT_DISCORD_PUBLIC_KEY": rfcPublic}, true, "ok:"},
		{"token in schedule.grace", "schedule: {grace: \"" + leak + "\"}\n", nil, false, "not a duration"},
		{"token in limits.concurrent", "limits: {concurrent: \"" + leak + "\"}\n", nil, false, "(not shown)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeConfig(t, tt.yaml)
			code, out, errs := cli(t, "", tt.env, "config", "check", "--config", path)
			if (code == 0) != tt.ok || !strings.Contains(out+errs, tt.want) {
				t.Errorf("config check = exit %d, out %q, err %q; want ok %v and %q", code, out, errs, tt.ok, tt.want)
			}
			if strings.Contains(out+errs, "leaked-token") {
				t.Errorf("config check shows the bad value: %q", out+errs)
			}
		})
	}
}

func TestTrimSecrets(t *testing.T) {
	raw := map[string]string{
		"SDBOT_SLACK_SIGNING_SECRET": "s3cret\r\n",
		"SDBOT_SLACK_BOT_TOKEN":      "xoxb-1",
		"SDBOT_DISCORD_BOT_TOKEN":    " \n",
		"SDBOT_HTTP_ADDR":            " 127.0.0.1:1 ",
	}
	getenv, padded := trimSecrets(func(k string) string { return raw[k] })
	for k, want := range map[string]string{
		"SDBOT_SLACK_SIGNING_SECRET": "s3cret",
		"SDBOT_SLACK_BOT_TOKEN":      "xoxb-1",
		"SDBOT_DISCORD_BOT_TOKEN":    "",
		"SDBOT_HTTP_ADDR":            " 127.0.0.1:1 ", // not a secret: left alone
	} {
		if got := getenv(k); got != want {
			t.Errorf("getenv(%s) = %q; want %q", k, got, want)
		}
	}
	if strings.Join(padded, ",") != "SDBOT_SLACK_SIGNING_SECRET,SDBOT_DISCORD_BOT_TOKEN" {
		t.Errorf("padded = %v; want the signing secret and the discord token", padded)
	}
}
