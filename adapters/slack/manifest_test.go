package slack

import (
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/sdbot/sdbot/bot"
)

func TestManifest(t *testing.T) {
	cmds := realBot(t).Commands()
	// A command added to the table later shows up with no change here.
	more := append(slices.Clone(cmds), bot.Command{Name: "quiz", Usage: "[topic]", Description: "Quiz yourself"})
	tests := []struct {
		name       string
		cmds       []bot.Command
		opt        ManifestOptions
		commandURL string
		actionsURL string
		eventsURL  string
	}{
		{"socket", cmds, ManifestOptions{Socket: true}, "", "", ""},
		{"http", cmds, ManifestOptions{PublicURL: "https://sdbot.example.com/"}, "https://sdbot.example.com/slack/commands", "https://sdbot.example.com/slack/interactions", "https://sdbot.example.com/slack/events"},
		{"new command", more, ManifestOptions{Socket: true, Name: "studybot"}, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := Manifest(tt.cmds, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			var m manifest
			if err := yaml.Unmarshal(out, &m); err != nil {
				t.Fatalf("not YAML: %v\n%s", err, out)
			}
			if len(m.Features.SlashCommands) != 1 {
				t.Fatalf("slash commands = %+v; want /sd only", m.Features.SlashCommands)
			}
			sd := m.Features.SlashCommands[0]
			if sd.Command != "/sd" || sd.URL != tt.commandURL || m.Settings.Interactivity.RequestURL != tt.actionsURL {
				t.Errorf("command %q url %q, interactions %q; want /sd %q %q", sd.Command, sd.URL, m.Settings.Interactivity.RequestURL, tt.commandURL, tt.actionsURL)
			}
			if !m.Settings.Interactivity.IsEnabled || m.Settings.SocketModeEnabled != tt.opt.Socket {
				t.Errorf("interactivity %v, socket mode %v; want true, %v", m.Settings.Interactivity.IsEnabled, m.Settings.SocketModeEnabled, tt.opt.Socket)
			}
			if !slices.Equal(m.OAuthConfig.Scopes.Bot, []string{"commands", "chat:write", "app_mentions:read", "im:history", "channels:read", "groups:read", "im:read", "mpim:read"}) {
				t.Errorf("scopes = %v; want commands, chat:write, the two the events need and the four conversations.info needs", m.OAuthConfig.Scopes.Bot)
			}
			ev := m.Settings.EventSubscriptions
			if ev.RequestURL != tt.eventsURL || !slices.Equal(ev.BotEvents, []string{"app_mention", "message.im"}) {
				t.Errorf("event subscriptions = %+v; want app_mention and message.im at %q", ev, tt.eventsURL)
			}
			if !m.Features.AppHome.MessagesTabEnabled || m.Features.AppHome.MessagesTabReadOnlyEnabled {
				t.Errorf("app home = %+v; want a Messages tab people can write in", m.Features.AppHome)
			}
			if sc := m.Features.Shortcuts; len(sc) != 1 || sc[0].Type != "message" || sc[0].CallbackID != askShortcut || !strings.HasPrefix(sc[0].Name, "Ask ") {
				t.Errorf("shortcuts = %+v; want the Ask message shortcut", sc)
			}
			for _, c := range tt.cmds {
				if !strings.Contains(sd.UsageHint, c.Name) || !strings.Contains(m.DisplayInformation.LongDescription, "/sd "+c.Name) {
					t.Errorf("command %s missing from usage hint %q or description", c.Name, sd.UsageHint)
				}
			}
			if n := len(m.DisplayInformation.LongDescription); n < 174 || n > 4000 {
				t.Errorf("long description of %d characters; Slack wants 174 to 4000", n)
			}
			if tt.opt.Name != "" && m.Features.BotUser.DisplayName != tt.opt.Name {
				t.Errorf("bot name %q; want %q", m.Features.BotUser.DisplayName, tt.opt.Name)
			}
		})
	}
}

func TestManifestNeedsPublicURL(t *testing.T) {
	for _, u := range []string{"", "http://sdbot.example.com", "sdbot.example.com"} {
		if _, err := Manifest(nil, ManifestOptions{PublicURL: u}); err == nil {
			t.Errorf("Manifest(PublicURL %q) succeeded; want an error", u)
		}
	}
}
