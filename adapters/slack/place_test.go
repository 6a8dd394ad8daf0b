package slack

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slacktest"

	"github.com/sdbot/sdbot/bot"
)

// TestPlace checks what the adapter tells the bot about the conversation
// of a slash command: its kind from channel_name, and for manager
// commands what conversations.info says (membership, private, DM), as
// Slack's API answers it.
func TestPlace(t *testing.T) {
	var lookups atomic.Int32
	s := newSlackServer(t, func(c slacktest.Customize) {
		c.Handle("/conversations.info", func(w http.ResponseWriter, r *http.Request) {
			lookups.Add(1)
			r.ParseForm()
			w.Header().Set("Content-Type", "application/json")
			switch r.Form.Get("channel") {
			case "CPUBLIC":
				w.Write([]byte(`{"ok":true,"channel":{"id":"CPUBLIC","name":"general","is_channel":true,"is_private":false,"is_member":true}}`))
			case "COUT":
				w.Write([]byte(`{"ok":true,"channel":{"id":"COUT","name":"random","is_channel":true,"is_private":false,"is_member":false}}`))
			case "CPRIV":
				w.Write([]byte(`{"ok":true,"channel":{"id":"CPRIV","name":"secret","is_private":true,"is_member":true}}`))
			case "DBOT":
				w.Write([]byte(`{"ok":true,"channel":{"id":"DBOT","is_im":true,"user":"U1"}}`))
			case "CSCOPE":
				w.Write([]byte(`{"ok":false,"error":"missing_scope"}`))
			default:
				w.Write([]byte(`{"ok":false,"error":"channel_not_found"}`))
			}
		})
	})
	a := newTestAdapter(t, Config{APIURL: s.GetAPIURL(), Managers: []string{"U1"}}, realBot(t), time.Unix(1_800_000_000, 0))
	for _, tt := range []struct {
		name, channel, channelName, text string
		want                             bot.Place
	}{
		{"public, bot a member", "CPUBLIC", "general", "subscribe time:09:00 tz:UTC", bot.Place{Kind: bot.PlaceChannel, Access: bot.AccessOK}},
		{"public, bot not a member", "COUT", "random", "subscribe time:09:00 tz:UTC", bot.Place{Kind: bot.PlaceChannel, Access: bot.AccessNotMember}},
		{"private, bot a member", "CPRIV", "privategroup", "subscribe time:09:00 tz:UTC", bot.Place{Kind: bot.PlacePrivate, Access: bot.AccessOK}},
		{"private without the bot", "CHIDDEN", "privategroup", "subscribe time:09:00 tz:UTC", bot.Place{Kind: bot.PlacePrivate, Access: bot.AccessNotMember}},
		{"unknown without the bot", "CHIDDEN", "hidden", "unsubscribe", bot.Place{Kind: bot.PlacePrivate, Access: bot.AccessNotMember}},
		{"DM between others", "DOTHER", "directmessage", "subscribe time:09:00 tz:UTC", bot.Place{Kind: bot.PlaceDM, Access: bot.AccessNotMember}},
		{"group DM", "GMPDM", "mpdm-ada--bob--cy-1", "subscribe time:09:00 tz:UTC", bot.Place{Kind: bot.PlaceGroupDM, Access: bot.AccessNotMember}},
		{"DM with the bot", "DBOT", "directmessage", "subscribe time:09:00 tz:UTC", bot.Place{Kind: bot.PlaceDM, Access: bot.AccessOK}},
		{"lookup failed: nothing claimed", "CSCOPE", "general", "subscribe time:09:00 tz:UTC", bot.Place{}},
		{"not a manager command: no lookup", "CPUBLIC", "general", "ask what is a bloom filter", bot.Place{}},
		{"DM, not a manager command", "DOTHER", "directmessage", "progress", bot.Place{Kind: bot.PlaceDM}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := lookups.Load()
			req := a.commandRequest(context.Background(), slack.SlashCommand{TeamID: "T1", ChannelID: tt.channel, ChannelName: tt.channelName, UserID: "U1", Text: tt.text})
			if req.Place != tt.want {
				t.Errorf("place = %+v; want %+v", req.Place, tt.want)
			}
			manage := req.Command == "subscribe" || req.Command == "unsubscribe"
			if looked := lookups.Load() > before; looked != manage {
				t.Errorf("conversations.info called: %v; want %v", looked, manage)
			}
		})
	}
}
