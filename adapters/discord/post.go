package discord

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/sdbot/sdbot/bot"
)

// Post sends a reply to a channel outside any interaction, such as the
// topic of the day, and returns the message id. A 429 is retried as
// Discord's retry_after says, and a 5xx or a connection never made after a
// backoff, each a bounded number of times; the message's enforced nonce
// makes the retries safe.
func (a *Adapter) Post(ctx context.Context, channel string, r bot.Reply) (string, error) {
	return a.post(ctx, channel, r, nil)
}

// post sends a reply to a channel, as a reply to the message ref names
// when it is not nil, with Post's retries.
func (a *Adapter) post(ctx context.Context, channel string, r bot.Reply, ref *discordgo.MessageReference) (string, error) {
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
		Reference:       ref,
	}
	// With enforce_nonce, Discord answers a repeated create carrying the
	// same nonce (within a few minutes) with the message already made,
	// so a retry after a 5xx or a timeout cannot post twice. discordgo's
	// MessageSend has no nonce, so the body is sent through its client as
	// it would send it, with the two fields added.
	body := struct {
		*discordgo.MessageSend
		Nonce        string `json:"nonce"`
		EnforceNonce bool   `json:"enforce_nonce"`
	}{msg, newNonce(), true}
	endpoint := discordgo.EndpointChannelMessages(channel)
	var sent *discordgo.Message
	err := a.withRetry(ctx, true, func(opts ...discordgo.RequestOption) error {
		resp, err := a.session.RequestWithBucketID("POST", endpoint, body, endpoint, opts...)
		if err != nil {
			return err
		}
		return json.Unmarshal(resp, &sent)
	})
	if err != nil {
		if lostAccess(err) {
			return "", fmt.Errorf("post to discord channel %s: %w (%w)", channel, err, bot.ErrNoAccess)
		}
		return "", fmt.Errorf("post to discord channel %s: %w", channel, err)
	}
	if sent == nil || sent.ID == "" {
		return "", fmt.Errorf("post to discord channel %s: no message id in the response", channel)
	}
	if r.Thread {
		if th := a.startThread(ctx, channel, sent.ID, r.Title); th != nil && r.TopicID != "" {
			// A message in the thread is in the thread's channel, and
			// the bot takes that channel for the conversation when the
			// message replies to nothing in it (onMessage).
			a.bot.Remember(ctx, bot.Thread{Platform: "discord", Workspace: th.GuildID, Channel: th.ID, ID: th.ID}, r.TopicID)
		}
	}
	return sent.ID, nil
}

// PostDirect writes to a user in a DM with the bot (opened, or found, with
// POST /users/@me/channels). The scheduler tells a subscriber this way
// that the bot lost access to their channel.
func (a *Adapter) PostDirect(ctx context.Context, user string, r bot.Reply) (string, error) {
	if !isSnowflake(user) {
		return "", fmt.Errorf("discord direct message: user %q is not a Discord id", user)
	}
	var dm *discordgo.Channel
	// Opening a DM that exists returns it: safe to repeat.
	err := a.withRetry(ctx, true, func(opts ...discordgo.RequestOption) error {
		var err error
		dm, err = a.session.UserChannelCreate(user, opts...)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("discord direct message to %s: %w", user, err)
	}
	r.Thread = false
	return a.Post(ctx, dm.ID, r)
}

// Discord's JSON error codes for a bot that cannot reach a channel.
const (
	codeUnknownChannel     = 10003
	codeMissingAccess      = 50001
	codeMissingPermissions = 50013
)

// lostAccess reports whether Discord refused a post because the bot cannot
// reach the channel (removed, denied View Channel or Send Messages, the
// channel deleted), which trying again tomorrow will not fix.
func lostAccess(err error) bool {
	var rest *discordgo.RESTError
	if !errors.As(err, &rest) || rest.Message == nil {
		return false
	}
	switch rest.Message.Code {
	case codeUnknownChannel, codeMissingAccess, codeMissingPermissions:
		return true
	}
	return false
}

// newNonce is a message nonce: Discord takes up to 25 characters.
func newNonce() string {
	return strconv.FormatUint(rand.Uint64(), 36)
}

// threadArchive is how long a quiet topic thread stays open: one day.
const threadArchive = 1440

// startThread opens a thread on a posted message for discussion. The post
// itself has succeeded by then, so a failure (no Create Public Threads
// permission, a channel without threads) is logged, not returned: the
// caller must not post again. It returns the thread, or nil.
func (a *Adapter) startThread(ctx context.Context, channel, messageID, title string) *discordgo.Channel {
	name := strings.TrimSpace(title)
	if name == "" {
		name = "Discussion"
	}
	// Repeating a thread start that worked fails harmlessly: a message
	// has one thread.
	var th *discordgo.Channel
	err := a.withRetry(ctx, true, func(opts ...discordgo.RequestOption) error {
		var err error
		th, err = a.session.MessageThreadStartComplex(channel, messageID, &discordgo.ThreadStart{Name: truncate(name, maxDescriptionCm), AutoArchiveDuration: threadArchive}, opts...)
		return err
	})
	if err != nil || th == nil || th.ID == "" {
		if err != nil {
			a.log.Warn("start discord thread", "channel", channel, "message", messageID, "error", err.Error())
		}
		return nil
	}
	return th
}
