package discord

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/sdbot/sdbot/bot"
)

// Post sends a reply to a channel outside any interaction, such as the
// topic of the day, and returns the message id. A 429 is retried as
// Discord's retry_after says, a bounded number of times.
func (a *Adapter) Post(ctx context.Context, channel string, r bot.Reply) (string, error) {
	if !isSnowflake(channel) {
		return "", fmt.Errorf("post to discord: channel %q is not a Discord id", channel)
	}
	if a.session.Token == "" {
		return "", fmt.Errorf("post to discord channel %s: no bot token", channel)
	}
	r.Ephemeral = false // a channel post is for everyone
	msg := &discordgo.MessageSend{
		Embeds:          []*discordgo.MessageEmbed{renderEmbed(r)},
		Components:      renderComponents(r),
		AllowedMentions: &discordgo.MessageAllowedMentions{},
	}
	var sent *discordgo.Message
	err := a.withRetry(ctx, func(opts ...discordgo.RequestOption) error {
		m, err := a.session.ChannelMessageSendComplex(channel, msg, opts...)
		sent = m
		return err
	})
	if err != nil {
		return "", fmt.Errorf("post to discord channel %s: %w", channel, err)
	}
	if sent == nil || sent.ID == "" {
		return "", fmt.Errorf("post to discord channel %s: no message id in the response", channel)
	}
	if r.Thread {
		a.startThread(ctx, channel, sent.ID, r.Title)
	}
	return sent.ID, nil
}

// threadArchive is how long a quiet topic thread stays open: one day.
const threadArchive = 1440

// startThread opens a thread on a posted message for discussion. The post
// itself has succeeded by then, so a failure (no Create Public Threads
// permission, a channel without threads) is logged, not returned: the
// caller must not post again.
func (a *Adapter) startThread(ctx context.Context, channel, messageID, title string) {
	name := strings.TrimSpace(title)
	if name == "" {
		name = "Discussion"
	}
	err := a.withRetry(ctx, func(opts ...discordgo.RequestOption) error {
		_, err := a.session.MessageThreadStartComplex(channel, messageID, &discordgo.ThreadStart{Name: truncate(name, maxDescriptionCm), AutoArchiveDuration: threadArchive}, opts...)
		return err
	})
	if err != nil {
		a.log.Warn("start discord thread", "channel", channel, "message", messageID, "error", err.Error())
	}
}
