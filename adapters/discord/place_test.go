package discord

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/sdbot/sdbot/bot"
)

// TestPlace checks what the adapter tells the bot about where a command
// came from: a DM, or a guild channel where the bot can or cannot post
// (app_permissions, and authorizing_integration_owners for an app only a
// user installed).
func TestPlace(t *testing.T) {
	const (
		view = 1 << 10
		send = 1 << 11
	)
	tests := []struct {
		name   string
		member string         // "" for a DM
		extra  map[string]any // fields added to the interaction
		want   bot.Place
	}{
		{"dm", "", map[string]any{"context": 1}, bot.Place{Kind: bot.PlaceDM}},
		{"guild, bot can post", "0", map[string]any{"context": 0, "app_permissions": itoa(view | send),
			"authorizing_integration_owners": map[string]string{"0": testGuild}}, bot.Place{Kind: bot.PlaceChannel, Access: bot.AccessOK}},
		{"guild, bot cannot send", "0", map[string]any{"app_permissions": itoa(view | 1<<6),
			"authorizing_integration_owners": map[string]string{"0": testGuild}}, bot.Place{Kind: bot.PlaceChannel, Access: bot.AccessNoPermission}},
		{"guild, app only user-installed", "0", map[string]any{"app_permissions": itoa(view | send),
			"authorizing_integration_owners": map[string]string{"1": "555555555555555555"}}, bot.Place{Kind: bot.PlaceChannel, Access: bot.AccessUserInstall}},
		{"guild, installed both ways", "0", map[string]any{"app_permissions": itoa(view | send),
			"authorizing_integration_owners": map[string]string{"0": testGuild, "1": "555555555555555555"}}, bot.Place{Kind: bot.PlaceChannel, Access: bot.AccessOK}},
		{"guild, nothing said", "0", nil, bot.Place{Kind: bot.PlaceChannel}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fb := &fakeBot{reply: bot.Reply{Text: "ok", Kind: bot.KindList, Ephemeral: true}}
			a := newAdapter(t, fb, nil, nil, nil)
			var i map[string]any
			if err := json.Unmarshal([]byte(command("progress", nil, tt.member)), &i); err != nil {
				t.Fatal(err)
			}
			for k, v := range tt.extra {
				i[k] = v
			}
			body, _ := json.Marshal(i)
			if w := serve(t, a, string(body)); w.Code != http.StatusOK {
				t.Fatalf("status = %d (%s)", w.Code, w.Body)
			}
			reqs := fb.Requests()
			if len(reqs) != 1 || reqs[0].Place != tt.want {
				t.Errorf("place = %+v; want %+v", reqs, tt.want)
			}
		})
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
