package discord

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/sdbot/sdbot/bot"
	"github.com/sdbot/sdbot/bot/storetest"
)

// askBody is a message command interaction as Discord sends it: type 2,
// data.type 3, the target message under data.resolved.messages.
func askBody(content string) string {
	const target = "777777777777777777"
	i := map[string]any{
		"id": "444444444444444445", "application_id": testAppID, "type": 2, "token": "interaction-token-ask",
		"channel_id": testChannel, "locale": "en-US",
		"data": map[string]any{"id": "2", "name": "Ask sdbot", "type": 3, "target_id": target,
			"resolved": map[string]any{"messages": map[string]any{target: map[string]any{
				"id": target, "channel_id": testChannel, "content": content, "type": 0,
				"timestamp": "2026-03-02T10:00:00.000000+00:00",
				"author":    map[string]any{"id": "666666666666666666", "username": "bob"},
			}}}},
	}
	addUser(i, "0")
	b, _ := json.Marshal(i)
	return string(b)
}

func TestAskMessageCommand(t *testing.T) {
	tests := []struct {
		name      string
		content   string
		wantTitle string
		wantFlags int
	}{
		{"question answered for everyone", "how does consistent hashing work?", "Consistent hashing", 0},
		{"mention of the bot dropped", "<@" + testAppID + "> topic bloom-filter", "Bloom filters", 0},
		{"no text", "   ", "", int(discordgo.MessageFlagsEphemeral)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newAdapter(t, realBot(t), nil, nil, nil)
			w := serve(t, a, askBody(tt.content))
			r := decode(t, w.Body.Bytes())
			if w.Code != http.StatusOK || r.Type != 4 || len(r.Data.Embeds) == 0 {
				t.Fatalf("Ask sdbot = %d type %d; want a message response:\n%s", w.Code, r.Type, w.Body.String())
			}
			e := r.Data.Embeds[0]
			if e.Title != tt.wantTitle || r.Data.Flags != tt.wantFlags {
				t.Errorf("Ask sdbot on %q = title %q flags %d; want %q flags %d", tt.content, e.Title, r.Data.Flags, tt.wantTitle, tt.wantFlags)
			}
		})
	}
}

// An "Ask sdbot" answer and a card shared with "Share in channel" are
// messages everyone in the channel sees, so, as with a mention's answer,
// "more" in reply to one is about its card. Its id is not in the
// interaction's response: the adapter reads the original response back,
// retrying while Discord does not have it yet.
func TestPublicCardIsAConversation(t *testing.T) {
	realBot(t)
	tests := []struct {
		name, body, token string
	}{
		{"Ask sdbot answer", askBody("how does consistent hashing work?"), "interaction-token-ask"},
		{"shared card", click("sd:share:consistent-hashing"), "interaction-token-xyz"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			conv := storetest.NewConversations()
			b := bot.New(shipped, bot.WithConversations(conv))
			const answer = "1600000000000000001"
			api := newFakeAPI(t, func(n int, c apiCall, w http.ResponseWriter) {
				w.Header().Set("Content-Type", "application/json")
				if c.Method == "GET" && strings.HasSuffix(c.Path, "/webhooks/"+testAppID+"/"+tt.token+"/messages/@original") && n == 0 {
					w.WriteHeader(http.StatusNotFound)
					io.WriteString(w, `{"message": "Unknown Message", "code": 10008}`)
					return
				}
				if c.Method == "GET" {
					// The response, as Get Original Interaction Response
					// returns it (type 23 for a context menu command).
					io.WriteString(w, `{"id":"`+answer+`","type":23,"channel_id":"`+testChannel+`","guild_id":"`+testGuild+`","application_id":"`+testAppID+`","webhook_id":"`+testAppID+`","author":{"id":"`+testAppID+`","username":"sdbot","bot":true},"content":"","embeds":[{"title":"Consistent hashing"}],"timestamp":"2026-03-02T10:00:01.000000+00:00","flags":0}`)
					return
				}
				io.WriteString(w, `{"id":"1700000000000000001","channel_id":"`+testChannel+`"}`)
			})
			a := newAdapter(t, b, api, nil, nil)
			w := serve(t, a, tt.body)
			if r := decode(t, w.Body.Bytes()); w.Code != http.StatusOK || r.Type != 4 || r.Data.Flags != 0 {
				t.Fatalf("%s = %d type %d flags %d; want a message for everyone", tt.name, w.Code, r.Type, r.Data.Flags)
			}
			if err := a.inflight.Wait(t.Context()); err != nil {
				t.Fatal(err)
			}
			if got, _ := conv.ThreadCard(t.Context(), bot.Thread{Platform: "discord", Workspace: testGuild, Channel: testChannel, ID: answer}); got != "consistent-hashing" {
				t.Fatalf("remembered %q under the message; want consistent-hashing (calls %+v)", got, api.Calls())
			}
			before := len(api.Calls())
			a.onMessage(t.Context(), &discordgo.MessageCreate{Message: &discordgo.Message{ID: "1800000000000000001", ChannelID: testChannel, GuildID: testGuild,
				Content: "<@" + testAppID + "> more", Author: &discordgo.User{ID: "666666666666666666", Username: "bob"},
				Mentions: []*discordgo.User{{ID: testAppID, Bot: true}}, MessageReference: &discordgo.MessageReference{MessageID: answer, ChannelID: testChannel, GuildID: testGuild}}})
			calls := api.Calls()
			if len(calls) != before+1 {
				t.Fatalf("%d calls for more; want one post", len(calls)-before)
			}
			var sent sentMessage
			json.Unmarshal(calls[len(calls)-1].Body, &sent)
			if len(sent.Embeds) == 0 || sent.Embeds[0].Title != "Consistent hashing" || !strings.Contains(sent.Embeds[0].Description, "**") {
				t.Errorf("more in reply to the %s = %.300s; want the whole consistent hashing card", tt.name, calls[len(calls)-1].Body)
			}
		})
	}

	// A card shown to its asker alone is no conversation, and without a
	// conversation memory nothing is read back.
	t.Run("private card", func(t *testing.T) {
		api := newFakeAPI(t, nil)
		a := newAdapter(t, bot.New(shipped, bot.WithConversations(storetest.NewConversations())), api, nil, nil)
		if r := decode(t, serve(t, a, click("sd:topic:consistent-hashing")).Body.Bytes()); r.Data.Flags != int(discordgo.MessageFlagsEphemeral) {
			t.Fatalf("related topic flags %d; want ephemeral", r.Data.Flags)
		}
		if err := a.inflight.Wait(t.Context()); err != nil {
			t.Fatal(err)
		}
		if calls := api.Calls(); len(calls) != 0 {
			t.Errorf("calls for a private card = %+v; want none", calls)
		}
	})
	t.Run("no memory", func(t *testing.T) {
		api := newFakeAPI(t, nil)
		a := newAdapter(t, realBot(t), api, nil, nil)
		serve(t, a, askBody("how does consistent hashing work?"))
		serve(t, a, click("sd:share:consistent-hashing"))
		if err := a.inflight.Wait(t.Context()); err != nil {
			t.Fatal(err)
		}
		if calls := api.Calls(); len(calls) != 0 {
			t.Errorf("calls without a conversation memory = %+v; want none", calls)
		}
	})
}

// sentMessage is what the fake REST API received for a channel message.
type sentMessage struct {
	Embeds    []*discordgo.MessageEmbed `json:"embeds"`
	Reference *struct {
		MessageID string `json:"message_id"`
		ChannelID string `json:"channel_id"`
	} `json:"message_reference"`
}

func TestGatewayMessages(t *testing.T) {
	const bobID, selfID = "666666666666666666", testAppID
	bob := &discordgo.User{ID: bobID, Username: "bob"}
	self := &discordgo.User{ID: selfID, Username: "sdbot", Bot: true}
	msg := func(id, guild, content string, author *discordgo.User, mentions ...*discordgo.User) *discordgo.MessageCreate {
		return &discordgo.MessageCreate{Message: &discordgo.Message{ID: id, ChannelID: testChannel, GuildID: guild,
			Content: content, Author: author, Mentions: mentions}}
	}
	tests := []struct {
		name      string
		m         *discordgo.MessageCreate
		wantTitle string // "" when nothing may be posted
	}{
		{"mention in a guild", msg("800000000000000001", testGuild, "<@"+selfID+"> how does consistent hashing work", bob, self), "Consistent hashing"},
		{"nickname mention", msg("800000000000000002", testGuild, "<@!"+selfID+"> topic bloom-filter", bob, self), "Bloom filters"},
		{"direct message", msg("800000000000000003", "", "how does consistent hashing work", bob), "Consistent hashing"},
		{"a long direct message, read from its start", msg("800000000000000007", "", "how does consistent hashing place keys on the nodes of a ring? "+
			strings.Repeat("We add and remove cache nodes every day and want few keys to move. ", 50), bob), "Consistent hashing"},
		{"guild message without a mention", msg("800000000000000004", testGuild, "how does consistent hashing work", bob), ""},
		{"another bot", msg("800000000000000005", testGuild, "<@"+selfID+"> kafka", &discordgo.User{ID: "9", Bot: true}, self), ""},
		{"itself", msg("800000000000000006", "", "Consistent hashing", self), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newFakeAPI(t, nil)
			a := newAdapter(t, realBot(t), api, nil, nil)
			a.onMessage(context.Background(), tt.m)
			calls := api.Calls()
			if tt.wantTitle == "" {
				if len(calls) != 0 {
					t.Fatalf("calls = %+v; want none", calls)
				}
				return
			}
			if len(calls) != 1 || calls[0].Method != "POST" || calls[0].Path != "/api/v9/channels/"+testChannel+"/messages" {
				t.Fatalf("calls = %+v; want one channel message", calls)
			}
			var sent sentMessage
			if err := json.Unmarshal(calls[0].Body, &sent); err != nil {
				t.Fatal(err)
			}
			if sent.Reference == nil || sent.Reference.MessageID != tt.m.ID || len(sent.Embeds) == 0 || sent.Embeds[0].Title != tt.wantTitle {
				t.Errorf("sent %s; want %q as a reply to %s", calls[0].Body, tt.wantTitle, tt.m.ID)
			}
		})
	}
}

func TestGatewayReplyMoreQuizAndFollowUp(t *testing.T) {
	realBot(t)
	conv := storetest.NewConversations()
	b := bot.New(shipped, bot.WithConversations(conv), bot.WithRandom(func(int) int { return 0 }))
	api := newFakeAPI(t, nil) // every message it makes has id 999
	a := newAdapter(t, b, api, nil, nil)
	bob := &discordgo.User{ID: "666666666666666666", Username: "bob"}
	self := &discordgo.User{ID: testAppID, Bot: true}
	ctx := context.Background()

	a.onMessage(ctx, &discordgo.MessageCreate{Message: &discordgo.Message{ID: "800000000000000010", ChannelID: testChannel, GuildID: testGuild,
		Content: "<@" + testAppID + "> topic consistent-hashing", Author: bob, Mentions: []*discordgo.User{self}}})
	if got, _ := conv.ThreadCard(context.Background(), bot.Thread{Platform: "discord", Workspace: testGuild, Channel: testChannel, ID: "999"}); got != "consistent-hashing" {
		t.Fatalf("remembered %q for the answer message; want consistent-hashing", got)
	}
	// The last is a follow-up the bot refuses alone.
	const vague = "and if a node drops out?"
	if alone, err := shipped.Answer(ctx, vague); err != nil || alone.Answered {
		t.Fatalf("%q is answered alone (%v); the test needs a question refused alone", vague, err)
	}
	for _, word := range []string{"more", "quiz", vague} {
		// A reply to the bot's answer pings its author, so it mentions the bot.
		a.onMessage(ctx, &discordgo.MessageCreate{Message: &discordgo.Message{ID: "800000000000000011", ChannelID: testChannel, GuildID: testGuild,
			Content: word, Author: bob, Mentions: []*discordgo.User{self},
			MessageReference: &discordgo.MessageReference{MessageID: "999", ChannelID: testChannel, GuildID: testGuild}}})
	}
	calls := api.Calls()
	if len(calls) != 4 {
		t.Fatalf("%d calls; want 4 posts", len(calls))
	}
	var more, quiz, follow sentMessage
	json.Unmarshal(calls[1].Body, &more)
	json.Unmarshal(calls[2].Body, &quiz)
	json.Unmarshal(calls[3].Body, &follow)
	if len(follow.Embeds) == 0 || follow.Embeds[0].Title != "Consistent hashing" || !strings.Contains(string(calls[3].Body), "follow-up") {
		t.Errorf("a follow-up sent %.300s; want an answer from the card, said to be a follow-up", calls[3].Body)
	}
	if len(more.Embeds) == 0 || more.Embeds[0].Title != "Consistent hashing" || len(more.Embeds[0].Description) <= len(calls[0].Body)/100 {
		t.Errorf("more sent %.300s; want the whole card", calls[1].Body)
	}
	if !strings.Contains(string(calls[1].Body), "Key points") {
		t.Errorf("more lacks the key points: %.300s", calls[1].Body)
	}
	if len(quiz.Embeds) == 0 || quiz.Embeds[0].Title != "Quiz: Consistent hashing" {
		t.Errorf("quiz sent %.300s; want a quiz on the card", calls[2].Body)
	}
}

// TestDailyThreadAndDMAreConversations: a topic of the day's thread and a
// DM are conversations too, so "more" said there without replying to an
// answer shows the whole card; in a channel it gets the way to ask.
func TestDailyThreadAndDMAreConversations(t *testing.T) {
	realBot(t)
	conv := storetest.NewConversations()
	b := bot.New(shipped, bot.WithConversations(conv))
	const post, dm = "1200000000000000001", "1300000000000000001"
	api := newFakeAPI(t, func(n int, c apiCall, w http.ResponseWriter) {
		w.Header().Set("Content-Type", "application/json")
		if strings.HasSuffix(c.Path, "/messages/"+post+"/threads") {
			// Start Thread from Message: the thread has the message's id.
			w.WriteHeader(http.StatusCreated)
			io.WriteString(w, `{"id":"`+post+`","guild_id":"`+testGuild+`","parent_id":"`+testChannel+`","owner_id":"`+testAppID+`","name":"Topic of the day: Bloom filters","type":11,"last_message_id":null,"message_count":0,"member_count":1,"rate_limit_per_user":0,"thread_metadata":{"archived":false,"auto_archive_duration":1440,"archive_timestamp":"2026-03-03T08:30:00.000000+00:00","locked":false},"total_message_sent":0}`)
			return
		}
		if n == 0 {
			io.WriteString(w, `{"id":"`+post+`","channel_id":"`+testChannel+`"}`)
			return
		}
		io.WriteString(w, `{"id":"1400000000000000001","channel_id":"`+testChannel+`"}`)
	})
	a := newAdapter(t, b, api, nil, nil)
	ctx := context.Background()
	card, err := shipped.Set().Card("bloom-filter")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Post(ctx, testChannel, bot.Reply{Title: "Topic of the day: " + card.Title, Text: card.Summary, Kind: bot.KindAnswer, TopicID: card.ID, Thread: true}); err != nil {
		t.Fatal(err)
	}
	if got, _ := conv.ThreadCard(ctx, bot.Thread{Platform: "discord", Workspace: testGuild, Channel: post, ID: post}); got != card.ID {
		t.Fatalf("remembered %q for the post's thread; want %s", got, card.ID)
	}

	bob := &discordgo.User{ID: "666666666666666666", Username: "bob"}
	self := &discordgo.User{ID: testAppID, Bot: true}
	say := func(guild, channel, content string) sentMessage {
		t.Helper()
		before := len(api.Calls())
		m := &discordgo.Message{ID: "1500000000000000001", ChannelID: channel, GuildID: guild, Content: content, Author: bob}
		if guild != "" {
			m.Mentions = []*discordgo.User{self}
		}
		a.onMessage(ctx, &discordgo.MessageCreate{Message: m})
		calls := api.Calls()
		if len(calls) != before+1 {
			t.Fatalf("%q: %d calls; want one post", content, len(calls)-before)
		}
		var sent sentMessage
		json.Unmarshal(calls[len(calls)-1].Body, &sent)
		if len(sent.Embeds) == 0 {
			t.Fatalf("%q: no embed in %.300s", content, calls[len(calls)-1].Body)
		}
		return sent
	}
	if s := say(testGuild, post, "<@"+testAppID+"> more"); s.Embeds[0].Title != card.Title || len(s.Embeds[0].Description) <= len(card.Summary) {
		t.Errorf("more in the daily thread = %q %.200q; want the whole %s card", s.Embeds[0].Title, s.Embeds[0].Description, card.ID)
	}
	if s := say(testGuild, testChannel, "<@"+testAppID+"> more"); !strings.Contains(s.Embeds[0].Description, "nothing more to show") {
		t.Errorf("more in a channel, replying to nothing = %q %.200q; want the way to ask", s.Embeds[0].Title, s.Embeds[0].Description)
	}
	// A thread opened on an answer in a channel has the answer's id.
	say(testGuild, testChannel, "<@"+testAppID+"> how does consistent hashing work")
	const answer = "1400000000000000001"
	if s := say(testGuild, answer, "<@"+testAppID+"> more"); s.Embeds[0].Title != "Consistent hashing" || !strings.Contains(s.Embeds[0].Description, "**") {
		t.Errorf("more in a thread opened on an answer = %q %.200q; want the whole consistent hashing card", s.Embeds[0].Title, s.Embeds[0].Description)
	}
	say("", dm, "how does consistent hashing work")
	if s := say("", dm, "more"); s.Embeds[0].Title != "Consistent hashing" || !strings.Contains(s.Embeds[0].Description, "**") {
		t.Errorf("more in a DM after an answer = %q %.200q; want the whole consistent hashing card", s.Embeds[0].Title, s.Embeds[0].Description)
	}
}
