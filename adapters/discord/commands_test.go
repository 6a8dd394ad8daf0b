package discord

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/sdbot/sdbot/bot"
)

// registered is the registration payload as Discord reads it.
type registered struct {
	Name                     string  `json:"name"`
	Type                     int     `json:"type"`
	Description              string  `json:"description"`
	DefaultMemberPermissions *string `json:"default_member_permissions"`
	Contexts                 []int   `json:"contexts"`
	IntegrationTypes         []int   `json:"integration_types"`
	Options                  []struct {
		Type        int    `json:"type"`
		Name        string `json:"name"`
		Description string `json:"description"`
		Options     []struct {
			Type         int    `json:"type"`
			Name         string `json:"name"`
			Description  string `json:"description"`
			Required     bool   `json:"required"`
			Autocomplete bool   `json:"autocomplete"`
			MaxLength    int    `json:"max_length"`
			Choices      []struct {
				Name  string `json:"name"`
				Value string `json:"value"`
			} `json:"choices"`
		} `json:"options"`
	} `json:"options"`
}

func TestRegister(t *testing.T) {
	tests := []struct {
		name, guild, path string
	}{
		{"global", "", "/api/v9/applications/" + testAppID + "/commands"},
		{"guild", testGuild, "/api/v9/applications/" + testAppID + "/guilds/" + testGuild + "/commands"},
	}
	b := realBot(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newFakeAPI(t, func(_ int, _ apiCall, w http.ResponseWriter) { w.Write([]byte(`[]`)) })
			a := newAdapter(t, b, api, nil, nil)
			if err := a.Register(t.Context(), tt.guild); err != nil {
				t.Fatal(err)
			}
			calls := api.Calls()
			if len(calls) != 1 || calls[0].Method != "PUT" || calls[0].Path != tt.path {
				t.Fatalf("calls = %+v; want one PUT %s", calls, tt.path)
			}
			if calls[0].Auth != "Bot "+testToken {
				t.Errorf("Authorization = %q", calls[0].Auth)
			}
			var cmds []registered
			if err := json.Unmarshal(calls[0].Body, &cmds); err != nil {
				t.Fatal(err)
			}
			checkPayload(t, b.Commands(), cmds)
		})
	}
}

func checkPayload(t *testing.T, table []bot.Command, cmds []registered) {
	t.Helper()
	if len(cmds) != 2 || cmds[0].Name != "sd" || cmds[0].Type != 1 || cmds[0].Description == "" {
		t.Fatalf("commands = %+v; want the chat-input command sd and the message command", cmds)
	}
	// The message command: Discord takes no description for it.
	if ask := cmds[1]; ask.Name != "Ask sdbot" || ask.Type != 3 || ask.Description != "" || len(ask.Options) != 0 {
		t.Errorf("second command = %+v; want the message command Ask sdbot (type 3)", ask)
	}
	sd := cmds[0]
	// /sd ask must stay open to everyone: the permission is per command,
	// not per subcommand.
	if sd.DefaultMemberPermissions != nil {
		t.Errorf("default_member_permissions = %s; want none", *sd.DefaultMemberPermissions)
	}
	// Offered only where it works: in servers (context 0) that installed
	// the bot (integration type 0), not in DMs or as a user install.
	if fmt.Sprint(sd.Contexts) != "[0]" || fmt.Sprint(sd.IntegrationTypes) != "[0]" {
		t.Errorf("contexts = %v, integration_types = %v; want [0] and [0]", sd.Contexts, sd.IntegrationTypes)
	}
	if len(sd.Options) != len(table) {
		t.Fatalf("%d subcommands; want %d", len(sd.Options), len(table))
	}
	for i, c := range table {
		sub := sd.Options[i]
		if sub.Type != 1 || sub.Name != c.Name || sub.Description != c.Description {
			t.Errorf("subcommand %d = %s %q; want %s %q", i, sub.Name, sub.Description, c.Name, c.Description)
		}
		if len(sub.Options) != len(c.Options) {
			t.Errorf("%s: %d options; want %d", c.Name, len(sub.Options), len(c.Options))
			continue
		}
		optional := false
		for _, o := range sub.Options {
			if o.Type != 3 || o.Description == "" || len(o.Description) > 100 || o.MaxLength != bot.MaxText {
				t.Errorf("%s %s: %+v", c.Name, o.Name, o)
			}
			if o.Required && optional {
				t.Errorf("%s: required %s after an optional option", c.Name, o.Name)
			}
			optional = optional || !o.Required
			if o.Autocomplete && len(o.Choices) > 0 {
				t.Errorf("%s %s: choices and autocomplete together", c.Name, o.Name)
			}
		}
	}
	byName := map[string]int{}
	for i, s := range sd.Options {
		byName[s.Name] = i
	}
	topic := sd.Options[byName["topic"]].Options[0]
	if topic.Name != "name" || !topic.Autocomplete || !topic.Required {
		t.Errorf("topic name: = %+v; want required with autocomplete", topic)
	}
	random := sd.Options[byName["random"]].Options[0]
	if random.Name != "category" || len(random.Choices) == 0 || random.Choices[0].Name != random.Choices[0].Value {
		t.Errorf("random category: = %+v; want choices", random)
	}
}

// TestRegistrationFollowsTable checks a command added to the bot appears,
// and how default_member_permissions follows the managed commands.
func TestRegistrationFollowsTable(t *testing.T) {
	many := make([]string, 30)
	for i := range many {
		many[i] = "c" + strings.Repeat("x", i)
	}
	tests := []struct {
		name     string
		commands []bot.Command
		manage   []string
		perm     *int64
		check    func(t *testing.T, r registered)
	}{
		{"new command appears", []bot.Command{
			{Name: "ask", Description: "Ask", Options: []bot.Option{{Name: "question", Required: true}}},
			{Name: "quiz", Description: "Quiz me", Options: []bot.Option{{Name: "topic", Description: "Topic", Autocomplete: true}, {Name: "level", Required: true, Choices: []string{"easy", "hard"}}}},
		}, nil, nil, func(t *testing.T, r registered) {
			quiz := r.Options[1]
			if quiz.Name != "quiz" || quiz.Options[0].Name != "level" || quiz.Options[1].Name != "topic" || quiz.Options[0].Description != "level" {
				t.Errorf("quiz = %+v; want level (required) first, described by its name", quiz)
			}
		}},
		{"every command managed", []bot.Command{{Name: "prune", Description: "Prune"}}, []string{"prune"}, ptr(16), nil},
		{"too many choices become autocomplete", []bot.Command{{Name: "pick", Description: "Pick", Options: []bot.Option{{Name: "x", Choices: many}}}}, nil, nil, func(t *testing.T, r registered) {
			if o := r.Options[0].Options[0]; !o.Autocomplete || len(o.Choices) != 0 {
				t.Errorf("option = %+v; want autocomplete, no choices", o)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i, c := range tt.commands {
				tt.commands[i].Manage = contains(tt.manage, c.Name)
			}
			a := newAdapter(t, &fakeBot{commands: tt.commands}, nil, nil, nil)
			body, err := json.Marshal(a.applicationCommand())
			if err != nil {
				t.Fatal(err)
			}
			var r registered
			if err := json.Unmarshal(body, &r); err != nil {
				t.Fatal(err)
			}
			if len(r.Options) != len(tt.commands) {
				t.Fatalf("%d subcommands; want %d", len(r.Options), len(tt.commands))
			}
			switch {
			case tt.perm == nil && r.DefaultMemberPermissions != nil:
				t.Errorf("default_member_permissions = %s; want none", *r.DefaultMemberPermissions)
			case tt.perm != nil && (r.DefaultMemberPermissions == nil || *r.DefaultMemberPermissions != "16"):
				t.Errorf("default_member_permissions = %v; want \"16\"", r.DefaultMemberPermissions)
			}
			if tt.check != nil {
				tt.check(t, r)
			}
		})
	}
}

func ptr(n int64) *int64 { return &n }

func TestRegisterNeeds(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*Config)
		guild string
	}{
		{"no token", func(c *Config) { c.BotToken = "" }, ""},
		{"no application id", func(c *Config) { c.ApplicationID = "" }, ""},
		{"bad guild id", nil, "12/../34"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newFakeAPI(t, nil)
			a := newAdapter(t, &fakeBot{}, api, nil, tt.edit)
			if err := a.Register(t.Context(), tt.guild); err == nil {
				t.Errorf("Register = nil error")
			}
			if n := len(api.Calls()); n != 0 {
				t.Errorf("%d calls to the API; want none", n)
			}
		})
	}
}
