package slack

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/sdbot/sdbot/bot"
)

// placeLookup bounds one conversations.info call, well inside Slack's 3
// seconds.
const placeLookup = time.Second

// place tells the bot what kind of conversation a command came from and,
// for channel-manager commands (subscribe), whether the bot can post
// there. The slash command's channel_name already names DMs
// ("directmessage"), group DMs ("mpdm-...") and, in some workspaces,
// private channels ("privategroup"); only manager commands pay for
// conversations.info, which says the rest.
func (a *Adapter) place(ctx context.Context, channel, channelName, command string) bot.Place {
	p := bot.Place{Kind: kindFromName(channel, channelName)}
	if !a.manageCmds[command] || channel == "" {
		return p
	}
	lctx, cancel := context.WithTimeout(ctx, placeLookup)
	defer cancel()
	var c *slack.Channel
	err := a.withRetry(lctx, "conversations.info", true, func() error {
		var err error
		c, err = a.api.GetConversationInfoContext(lctx, &slack.GetConversationInfoInput{ChannelID: channel})
		return err
	})
	var serr slack.SlackErrorResponse
	switch {
	case errors.As(err, &serr) && serr.Err == "channel_not_found":
		// The bot cannot see it: a DM or group DM among others, or a
		// private channel it was not invited to.
		p.Access = bot.AccessNotMember
		if p.Kind == bot.PlaceUnknown {
			p.Kind = bot.PlacePrivate
		}
		return p
	case err != nil:
		a.log.Warn("slack conversations.info failed; the channel is not checked", "error", err.Error())
		return p
	case c == nil || c.ID == "":
		a.log.Warn("slack conversations.info named no channel; the channel is not checked")
		return p
	}
	switch {
	case c.IsIM:
		p.Kind = bot.PlaceDM
	case c.IsMpIM:
		p.Kind = bot.PlaceGroupDM
	case c.IsPrivate:
		p.Kind = bot.PlacePrivate
	default:
		p.Kind = bot.PlaceChannel
	}
	// A DM the bot can read is one with the bot; elsewhere it must have
	// joined.
	if c.IsMember || c.IsIM {
		p.Access = bot.AccessOK
	} else {
		p.Access = bot.AccessNotMember
	}
	return p
}

// kindFromName reads the conversation's kind from the slash command's
// channel id and name, where they tell it.
func kindFromName(id, name string) bot.PlaceKind {
	switch {
	case name == "directmessage" || strings.HasPrefix(id, "D"):
		return bot.PlaceDM
	case strings.HasPrefix(name, "mpdm-"):
		return bot.PlaceGroupDM
	case name == "privategroup":
		return bot.PlacePrivate
	}
	return bot.PlaceUnknown
}
