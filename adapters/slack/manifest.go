package slack

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/sdbot/sdbot/bot"
)

// ManifestOptions describe the Slack app to create.
type ManifestOptions struct {
	// Name is the app's and bot user's name; empty means "sdbot".
	Name string
	// Socket selects Socket Mode; otherwise Slack calls PublicURL.
	Socket bool
	// PublicURL is where sdbot serve is reachable from Slack, such as
	// https://sdbot.example.com; required unless Socket.
	PublicURL string
	// UsersRead asks for the users:read scope, which lets workspace
	// admins and owners manage subscriptions (Config.AdminsManage).
	UsersRead bool
}

// slashCommand is the one slash command sdbot registers; the bot's
// commands are its subcommands.
const slashCommand = "/sd"

// Manifest returns a Slack app manifest (YAML) for the commands, to paste
// into "Create New App > From a manifest". It is generated from the bot's
// command table, so new commands appear in it without edits here.
func Manifest(cmds []bot.Command, opt ManifestOptions) ([]byte, error) {
	name := opt.Name
	if name == "" {
		name = "sdbot"
	}
	var base string
	if !opt.Socket {
		u, err := url.Parse(opt.PublicURL)
		if err != nil || u.Scheme != "https" || u.Host == "" {
			return nil, errors.New("slack manifest: http mode needs the public https URL of sdbot serve")
		}
		base = strings.TrimSuffix(u.String(), "/")
	}

	var names, lines []string
	for _, c := range cmds {
		names = append(names, c.Name)
		lines = append(lines, fmt.Sprintf("%s %s — %s", slashCommand, strings.TrimSpace(c.Name+" "+c.Usage), c.Description))
	}
	slash := manifestCommand{
		Command:     slashCommand,
		Description: "Ask system-design questions and study topic cards",
		UsageHint:   clip("["+strings.Join(names, " | ")+"] ...", 1000),
	}
	interactivity := manifestInteractivity{IsEnabled: true}
	// Mentions and direct messages, and nothing else: the bot never reads
	// channel messages that do not mention it.
	events := manifestEvents{BotEvents: []string{"app_mention", "message.im"}}
	if base != "" {
		slash.URL = base + "/slack/commands"
		interactivity.RequestURL = base + "/slack/interactions"
		events.RequestURL = base + "/slack/events"
	}

	m := manifest{}
	m.DisplayInformation.Name = name
	m.DisplayInformation.Description = "System-design answers and study cards, right in Slack"
	m.DisplayInformation.LongDescription = clip(name+" answers system-design questions from a curated "+
		"knowledge base of topic cards, in well under a second, and helps teams study them. "+
		"Everything goes through one slash command:\n"+strings.Join(lines, "\n"), 4000)
	m.Features.BotUser.DisplayName = name
	m.Features.BotUser.AlwaysOnline = true
	m.Features.SlashCommands = []manifestCommand{slash}
	m.Features.Shortcuts = []manifestShortcut{{
		Name: "Ask " + name, Type: "message", CallbackID: askShortcut,
		Description: "Answer this message's question in its thread",
	}}
	// The Messages tab lets people DM the bot.
	m.Features.AppHome.MessagesTabEnabled = true
	// app_mentions:read and im:history carry the two events; chat:write
	// posts answers, in DMs too. The read scopes let conversations.info
	// say, when someone subscribes, whether the bot is in the channel and
	// whether it is public.
	m.OAuthConfig.Scopes.Bot = []string{"commands", "chat:write", "app_mentions:read", "im:history", "channels:read", "groups:read", "im:read", "mpim:read"}
	if opt.UsersRead {
		m.OAuthConfig.Scopes.Bot = append(m.OAuthConfig.Scopes.Bot, "users:read")
	}
	m.Settings.Interactivity = interactivity
	m.Settings.EventSubscriptions = events
	m.Settings.SocketModeEnabled = opt.Socket
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(m); err != nil {
		return nil, fmt.Errorf("slack manifest: %w", err)
	}
	return b.Bytes(), nil
}

// manifest is the subset of Slack's app manifest schema sdbot fills in.
type manifest struct {
	DisplayInformation struct {
		Name            string `yaml:"name"`
		Description     string `yaml:"description"`
		LongDescription string `yaml:"long_description"`
	} `yaml:"display_information"`
	Features struct {
		BotUser struct {
			DisplayName  string `yaml:"display_name"`
			AlwaysOnline bool   `yaml:"always_online"`
		} `yaml:"bot_user"`
		AppHome struct {
			MessagesTabEnabled         bool `yaml:"messages_tab_enabled"`
			MessagesTabReadOnlyEnabled bool `yaml:"messages_tab_read_only_enabled"`
		} `yaml:"app_home"`
		SlashCommands []manifestCommand  `yaml:"slash_commands"`
		Shortcuts     []manifestShortcut `yaml:"shortcuts"`
	} `yaml:"features"`
	OAuthConfig struct {
		Scopes struct {
			Bot []string `yaml:"bot"`
		} `yaml:"scopes"`
	} `yaml:"oauth_config"`
	Settings struct {
		EventSubscriptions   manifestEvents        `yaml:"event_subscriptions"`
		Interactivity        manifestInteractivity `yaml:"interactivity"`
		OrgDeployEnabled     bool                  `yaml:"org_deploy_enabled"`
		SocketModeEnabled    bool                  `yaml:"socket_mode_enabled"`
		TokenRotationEnabled bool                  `yaml:"token_rotation_enabled"`
	} `yaml:"settings"`
}

type manifestCommand struct {
	Command      string `yaml:"command"`
	URL          string `yaml:"url,omitempty"`
	Description  string `yaml:"description"`
	UsageHint    string `yaml:"usage_hint"`
	ShouldEscape bool   `yaml:"should_escape"`
}

type manifestInteractivity struct {
	IsEnabled  bool   `yaml:"is_enabled"`
	RequestURL string `yaml:"request_url,omitempty"`
}

type manifestShortcut struct {
	Name        string `yaml:"name"`
	Type        string `yaml:"type"`
	CallbackID  string `yaml:"callback_id"`
	Description string `yaml:"description"`
}

type manifestEvents struct {
	RequestURL string   `yaml:"request_url,omitempty"`
	BotEvents  []string `yaml:"bot_events"`
}
