package discord

import (
	"context"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/sdbot/sdbot/bot"
)

// askCommandName is the message context-menu command: right-click a
// message, Apps, "Ask sdbot".
const askCommandName = "Ask sdbot"

// askCommand is the message command registered beside /sd. It has no
// options or description: Discord shows message commands by name only.
func askCommand() *discordgo.ApplicationCommand {
	return &discordgo.ApplicationCommand{Type: discordgo.MessageApplicationCommand, Name: askCommandName}
}

// askRequest reads an "Ask sdbot" interaction: the target message's text
// is the question, answered for everyone in the channel.
func (a *Adapter) askRequest(i *discordgo.Interaction, d discordgo.ApplicationCommandInteractionData) (bot.Request, bool) {
	if d.Resolved == nil || d.TargetID == "" {
		return bot.Request{}, false
	}
	m := d.Resolved.Messages[d.TargetID]
	if m == nil {
		return bot.Request{}, false
	}
	text := a.withoutSelf(m.Content)
	if text == "" {
		return bot.Request{}, false
	}
	req := a.bot.Parse(bot.SaidText(text))
	base := a.request(i)
	req.ID, req.Platform, req.Workspace, req.Channel, req.Locale = base.ID, base.Platform, base.Workspace, base.Channel, base.Locale
	req.User, req.CanManage = base.User, base.CanManage
	req.Said = true
	return req, true
}

// selfID is the bot's user id.
func (a *Adapter) selfID() string {
	if p := a.self.Load(); p != nil {
		return *p
	}
	return a.cfg.ApplicationID
}

// withoutSelf removes the bot's mentions from a message, leaving the
// question.
func (a *Adapter) withoutSelf(text string) string {
	if self := a.selfID(); self != "" {
		text = strings.NewReplacer("<@"+self+">", " ", "<@!"+self+">", " ").Replace(text)
	}
	return strings.Join(strings.Fields(text), " ")
}

// onMessage answers a message that mentions the bot, or a DM, as a reply
// to that message. Bots, the bot itself included, are not asked.
func (a *Adapter) onMessage(ctx context.Context, m *discordgo.MessageCreate) {
	if m == nil || m.Message == nil || m.Author == nil || m.Author.Bot || m.Author.System {
		return
	}
	self := a.selfID()
	if m.Author.ID == self {
		return
	}
	dm := m.GuildID == ""
	if !dm && !mentionsUser(m.Message, self) {
		return
	}
	text := a.withoutSelf(m.Content)
	req := a.bot.Parse(bot.SaidText(text))
	req.ID = m.ID
	req.Platform = "discord"
	req.Workspace = m.GuildID
	req.Channel = m.ChannelID
	name := m.Author.GlobalName
	if name == "" {
		name = m.Author.Username
	}
	req.User = bot.User{ID: m.Author.ID, Name: name}
	if m.Member != nil {
		req.CanManage = m.Member.Permissions&manageBits != 0
	}
	req.Said = true
	if ref := m.MessageReference; ref != nil {
		req.Thread = ref.MessageID // a reply to the bot's answer: "more", "quiz"
	} else {
		// A DM, a topic of the day's thread or a thread opened on an
		// answer: the channel is the conversation (nothing is
		// remembered under other channels).
		req.Thread = m.ChannelID
	}
	r := a.bot.Handle(ctx, req)
	ref := &discordgo.MessageReference{MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID, FailIfNotExists: new(bool)}
	id, err := a.post(ctx, m.ChannelID, r, ref)
	if err != nil {
		a.log.Error("discord answer not posted", "channel", m.ChannelID, "error", err.Error())
		return
	}
	if r.TopicID != "" {
		a.rememberAnswer(ctx, m.GuildID, m.ChannelID, id, r.TopicID)
	}
}

// rememberAnswer records the card of an answer the bot posted as message
// id, under each conversation that can follow it: a reply to the message;
// a thread someone opens on it (Create Thread on a message), whose channel
// id is the message's id; and in a DM the DM itself, where "more" said
// later replies to nothing, as in a Slack DM.
func (a *Adapter) rememberAnswer(ctx context.Context, guild, channel, id, topic string) {
	a.bot.Remember(ctx, bot.Thread{Platform: "discord", Workspace: guild, Channel: channel, ID: id}, topic)
	if guild == "" {
		a.bot.Remember(ctx, bot.Thread{Platform: "discord", Channel: channel, ID: channel}, topic)
	} else {
		a.bot.Remember(ctx, bot.Thread{Platform: "discord", Workspace: guild, Channel: id, ID: id}, topic)
	}
}

// mentionsUser reports whether a message mentions the user: Discord lists the
// users a message mentions, a reply's author included when the reply
// pings.
func mentionsUser(m *discordgo.Message, user string) bool {
	if user == "" {
		return false
	}
	for _, u := range m.Mentions {
		if u != nil && u.ID == user {
			return true
		}
	}
	return false
}
