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
		{"unknown key", "http: {addr: \"127.0.0.1:1\", port: 3}\n", nil, `http.port: unknown key`},
		{"unknown top key", "colour: red\n", nil, `colour: unknown key`},
		{"bad grace", "schedule: {grace: soon}\n", nil, "schedule.grace: must be a duration"},
		{"grace range", "schedule: {grace: 48h}\n", nil, "schedule.grace"},
		{"addr", "http: {addr: nowhere}\n", nil, "http.addr"},
		{"api url", "slack: {api_url: \"ftp://x\"}\n", nil, "slack.api_url"},
		{"db url", "database_url: \"mysql://u:hunter2@h/db\"\n", nil, "database_url: must be a postgres:// URL"},
		{"slack secret", "slack: {enabled: true, mode: http}\n", nil, "SDBOT_SLACK_SIGNING_SECRET is not set"},
		{"socket token", "slack: {enabled: true, mode: socket}\n", map[string]string{"SDBOT_SLACK_BOT_TOKEN": "xoxb-secret"}, "SDBOT_SLACK_APP_TOKEN is not set"},
		{"discord app id", "discord: {enabled: true}\n", nil, "discord.application_id"},
		{"not yaml", "http: [\n", nil, "config"},
		{"keep days negative", "feedback: {keep_days: -1}\n", nil, "feedback.keep_days: must be between 0"},
		{"keep days huge", "feedback: {keep_days: 100000}\n", nil, "feedback.keep_days: must be between 0"},
		{"keep days text", "feedback: {keep_days: month}\n", nil, "feedback.keep_days: must be a whole number"},
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
		{"token in schedule.grace", "schedule: {grace: \"" + leak + "\"}\n", nil, false, "schedule.grace: must be a duration"},
		{"token in limits.concurrent", "limits: {concurrent: \"" + leak + "\"}\n", nil, false, "limits.concurrent: must be a whole number"},
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

// TestConfigReportsEveryProblem: one run names every problem in the file by
// its full key, with the key probably meant, and never quotes a value.
func TestConfigReportsEveryProblem(t *testing.T) {
	path := writeConfig(t, `slack:
  enable: true
  mode: carrier-pigeon
limits: {concurrent: lots}
schedule: {grace: xoxb-123-secret}
grace: 5h
colour: red
discord: [gateway]
enabled: true
data-dir: /tmp
`)
	code, out, errs := cli(t, "", nil, "config", "check", "--config", path)
	if code != 1 {
		t.Fatalf("config check = exit %d, out %q; want 1", code, out)
	}
	for _, want := range []string{
		path + ": 9 problems",
		"slack.enable: unknown key; did you mean slack.enabled? (line 2)",
		`slack.mode: must be "http" or "socket"`,
		"limits.concurrent: must be a whole number (line 4)",
		"schedule.grace: must be a duration such as 90s, 30m or 6h (line 5)",
		"grace: unknown key; did you mean schedule.grace? (line 6)",
		"colour: unknown key (config.example.yaml lists every key) (line 7)",
		"discord: must hold keys (key: value)",
		"enabled: unknown key; did you mean slack.enabled or discord.enabled?",
		"data-dir: unknown key; did you mean data_dir?",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("config check output lacks %q:\n%s", want, errs)
		}
	}
	if strings.Contains(errs, "xoxb") || strings.Contains(errs, "lots") || strings.Contains(errs, "struct") {
		t.Errorf("config check quotes a value or a Go type:\n%s", errs)
	}
	for _, line := range strings.Split(errs, "\n") {
		if len(line) > 80 {
			t.Errorf("line wider than 80 columns: %q", line)
		}
	}
}

func TestConfigDecodeDetails(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       []string // every problem, in order; none for a good file
	}{
		{"merge key", "base: &b {enabled: true}\nslack: {<<: *b, mode: socket}\n", []string{"base: unknown key (config.example.yaml lists every key) (line 1)"}},
		{"empty section", "slack:\n", nil},
		{"duplicate", "data_dir: a\ndata_dir: b\n", []string{"data_dir: is set again; the first is on line 1 (line 2)"}},
		{"list not string", "data_dir: [a]\n", []string{"data_dir: must be a single value, not a list or keys (line 1)"}},
		{"string not list", "knowledge: {packs: ./team}\n", []string{"knowledge.packs: must be a list, such as [a, b] (line 1)"}},
		{"bool", "slack: {enabled: maybe}\n", []string{"slack.enabled: must be true or false (line 1)"}},
		{"whole file a list", "- a\n", []string{"the file: must hold keys (key: value)"}},
		{"case", "Slack: {enabled: false}\n", []string{"Slack: unknown key; did you mean slack? (line 1)"}},
		{"not yaml", "http: [\n", []string{"not valid YAML"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := defaultConfig()
			errs := decodeConfig([]byte(tt.yaml), &cfg)
			if len(errs) != len(tt.want) {
				t.Fatalf("decodeConfig(%q) = %v; want %d problems %q", tt.yaml, errs, len(tt.want), tt.want)
			}
			for i, err := range errs {
				if !strings.HasPrefix(err.Error(), tt.want[i]) {
					t.Errorf("decodeConfig(%q) problem %d = %q; want %q", tt.yaml, i, err, tt.want[i])
				}
			}
		})
	}
	cfg := defaultConfig()
	if errs := decodeConfig([]byte("base: &b {enabled: true}\nslack: {<<: *b, mode: socket}\n"), &cfg); !cfg.Slack.Enabled || cfg.Slack.Mode != "socket" || len(errs) != 1 {
		t.Errorf("merge key: slack = %+v, %v; want enabled socket", cfg.Slack, errs)
	}
}

// TestCommandsNeedNoPlatformSecrets: a config that enables both platforms
// (SDBOT_CONFIG) must not stop the commands that answer from the cards;
// only serve and config check want the secrets.
func TestCommandsNeedNoPlatformSecrets(t *testing.T) {
	path := writeConfig(t, "slack: {enabled: true}\ndiscord: {enabled: true, mode: gateway}\n")
	env := map[string]string{"SDBOT_CONFIG": path}
	for _, args := range [][]string{
		{"ask", "how does consistent hashing work"},
		{"topic", "bloom-filter"},
		{"list"},
		{"random", "caching"},
		{"search", "--json"},
	} {
		if code, _, errs := cli(t, "bloom filter\n", env, args...); code != 0 {
			t.Errorf("sdbot %v with platforms enabled and no secrets = exit %d, err %q; want 0", args, code, errs)
		}
	}
	if code, _, errs := cli(t, "", env, "config", "check"); code != 1 || !strings.Contains(errs, "SDBOT_SLACK_SIGNING_SECRET") {
		t.Errorf("config check = exit %d, err %q; want 1 naming the missing secret", code, errs)
	}
	bad := writeConfig(t, "slack: {enable: true}\n")
	if code, _, errs := cli(t, "", map[string]string{"SDBOT_CONFIG": bad}, "list"); code != 1 || !strings.Contains(errs, "slack.enable: unknown key") {
		t.Errorf("list with a misspelt key = exit %d, err %q; want 1 naming the key", code, errs)
	}
}

// TestFeedbackKeepDays: 30 days unless the file says otherwise, and 0 is
// a setting of its own (keep no question text), not "use the default".
func TestFeedbackKeepDays(t *testing.T) {
	tests := []struct {
		yaml string
		want int
	}{
		{"", 30},
		{"feedback: {keep_days: 0}\n", 0},
		{"feedback: {keep_days: 7}\n", 7},
	}
	for _, tt := range tests {
		t.Run(strings.TrimSpace(tt.yaml), func(t *testing.T) {
			cfg, errs := loadConfig(writeConfig(t, tt.yaml), func(string) string { return "" })
			if len(errs) != 0 || cfg.Feedback.KeepDays != tt.want {
				t.Errorf("keep_days = %d, %v; want %d", cfg.Feedback.KeepDays, errs, tt.want)
			}
		})
	}
}
