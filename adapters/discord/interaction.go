package discord

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sdbot/sdbot/adapters/internal/deadline"
	"github.com/sdbot/sdbot/adapters/internal/retry"
	"github.com/sdbot/sdbot/bot"
)

// respondFunc sends the one initial response to an interaction: the HTTP
// response body in HTTP mode, a callback POST in gateway mode.
type respondFunc func(resp any) error

// pong answers Discord's PING.
var pong = discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong}

// manageBits are the permissions that let a member manage what the bot
// posts in a channel. Administrator implies them, and is named for
// clarity even though Discord sends all bits for administrators.
const manageBits = discordgo.PermissionManageChannels | discordgo.PermissionManageGuild | discordgo.PermissionAdministrator

// interact answers one interaction. It calls respond exactly once; when
// the bot takes longer than DeferAfter, it responds with a deferral and
// edits the answer in from a goroutine that Run's drain waits for.
func (a *Adapter) interact(ctx context.Context, i *discordgo.Interaction, respond respondFunc) error {
	received := time.Now()
	switch i.Type {
	case discordgo.InteractionPing:
		return respond(pong)
	case discordgo.InteractionApplicationCommandAutocomplete:
		return respond(a.autocomplete(i))
	case discordgo.InteractionApplicationCommand:
		if d, ok := i.Data.(discordgo.ApplicationCommandInteractionData); ok && d.CommandType == discordgo.MessageApplicationCommand {
			req, ok := a.askRequest(i, d)
			if !ok {
				return respond(message(oops("That message has no text for me to answer.")))
			}
			return a.run(ctx, received, i, req, respond)
		}
		req, ok := a.commandRequest(i)
		if !ok {
			return respond(message(oops("I don't know that command. Try `/sd help`.")))
		}
		return a.run(ctx, received, i, req, respond)
	case discordgo.InteractionMessageComponent:
		d, _ := i.Data.(discordgo.MessageComponentInteractionData)
		action, value, ok := parseCustomID(d.CustomID)
		if !ok {
			return respond(message(oops("That button is not mine.")))
		}
		req := a.request(i)
		req.Message = clickedMessage(i)
		req.Command, req.Text, req.Clicked = action, value, true
		return a.run(ctx, received, i, req, respond)
	default:
		return respond(message(oops("sdbot does not handle that kind of interaction.")))
	}
}

// run handles a command or button click. Who sees the answer is the bot's
// decision (Reply.Ephemeral); a deferral must commit to one before the
// answer exists, so it takes the bot's prediction, and an answer that
// turns out otherwise replaces the deferral with a follow-up of its own.
func (a *Adapter) run(ctx context.Context, received time.Time, i *discordgo.Interaction, req bot.Request, respond respondFunc) error {
	work := func(wctx context.Context) bot.Reply { return a.bot.Handle(wctx, req) }
	r, pending, inTime := deadline.Race(ctx, received.Add(a.cfg.DeferAfter), workTimeout, work)
	if inTime {
		if i.Type == discordgo.InteractionMessageComponent && r.Update != nil {
			return a.updateAndFollow(ctx, i, r, respond)
		}
		if err := respond(message(r)); err != nil {
			return err
		}
		if a.bot.Remembers(r) {
			a.inflight.Go(func() {
				rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), restTimeout)
				defer cancel()
				a.rememberOriginal(rctx, i, r)
			})
		}
		return nil
	}

	// Too slow for the 3-second deadline: acknowledge now and edit the
	// answer in later.
	private := a.bot.Private(req)
	deferred := discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}
	if private {
		deferred.Data = &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral}
	}
	if err := respond(deferred); err != nil {
		return err
	}
	pending.Then(&a.inflight, func(r bot.Reply) {
		// A fresh deadline: the work's may be what just ran out.
		ectx, cancel := context.WithTimeout(context.WithoutCancel(ctx), restTimeout)
		defer cancel()
		if err := a.deliverLate(ectx, i, r, private); err != nil {
			a.log.Error("edit deferred discord reply", "command", req.Command, "error", err.Error())
			return
		}
		if r.Ephemeral == private && a.bot.Remembers(r) {
			a.rememberOriginal(ectx, i, r)
		}
	})
	return nil
}

// rememberOriginal remembers the card of an interaction's answer under
// the answer's message, read back from Discord (Get Original Interaction
// Response), so that "more", "quiz" or a follow-up said in reply to it,
// or in a thread opened on it, is about that card. The message id is not
// in the interaction's response, so this costs a read, made only for a
// reply the bot remembers (bot.Remembers: an "Ask sdbot" answer, a shared
// card).
func (a *Adapter) rememberOriginal(ctx context.Context, i *discordgo.Interaction, r bot.Reply) {
	endpoint := discordgo.EndpointWebhookMessage(a.appID(i), i.Token, "@original")
	var body []byte
	err := whenArrived(ctx, func() error {
		var err error
		body, err = a.interactionRequest(ctx, "GET", endpoint, nil)
		return err
	})
	var m discordgo.Message
	if err == nil {
		err = json.Unmarshal(body, &m)
	}
	if err == nil && m.ID == "" {
		err = errors.New("no message id")
	}
	if err != nil {
		a.log.Warn("discord answer not remembered", "channel", i.ChannelID, "error", err.Error())
		return
	}
	a.rememberAnswer(ctx, i.GuildID, i.ChannelID, m.ID, r.TopicID)
}

// deliverLate puts a late answer where the deferral was. Discord fixes a
// deferral's visibility, so an answer whose visibility differs goes in a
// follow-up message and the deferral is deleted.
func (a *Adapter) deliverLate(ctx context.Context, i *discordgo.Interaction, r bot.Reply, private bool) error {
	r.Update = nil
	if r.Ephemeral == private {
		return a.editOriginal(ctx, i, r)
	}
	if err := a.followUpNow(ctx, i, r); err != nil {
		return err
	}
	return a.interactionCall(ctx, "DELETE", discordgo.EndpointWebhookMessage(a.appID(i), i.Token, "@original"), nil)
}

// updateAndFollow answers a click whose reply updates the clicked message
// (a quiz and its live answer count): the update is the response (type 7),
// and the personal reply follows as a follow-up message.
func (a *Adapter) updateAndFollow(ctx context.Context, i *discordgo.Interaction, r bot.Reply, respond respondFunc) error {
	upd := *r.Update
	upd.Ephemeral = false
	if err := respond(discordgo.InteractionResponse{Type: discordgo.InteractionResponseUpdateMessage, Data: messageData(upd)}); err != nil {
		return err
	}
	r.Update = nil
	a.inflight.Go(func() {
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), restTimeout)
		defer cancel()
		if err := a.followUpNow(fctx, i, r); err != nil {
			a.log.Error("discord follow-up", "error", err.Error())
		}
	})
	return nil
}

// followUpNow sends an extra message for an interaction, once Discord
// has the response (whenArrived).
func (a *Adapter) followUpNow(ctx context.Context, i *discordgo.Interaction, r bot.Reply) error {
	d := messageData(r)
	params := discordgo.WebhookParams{Embeds: d.Embeds, Components: d.Components, Flags: d.Flags, AllowedMentions: d.AllowedMentions}
	return whenArrived(ctx, func() error {
		return a.interactionCall(ctx, "POST", discordgo.EndpointFollowupMessage(a.appID(i), i.Token), params)
	})
}

// whenArrived runs a call on an interaction's webhook, again after a
// growing pause while Discord answers 404: in HTTP mode the response may
// still be on its way to Discord, which until it arrives knows neither
// the original message nor where a follow-up goes.
func whenArrived(ctx context.Context, call func() error) error {
	pause := 100 * time.Millisecond
	for attempt := 0; ; attempt++ {
		err := call()
		var rest *discordgo.RESTError
		notYet := errors.As(err, &rest) && rest.Response != nil && rest.Response.StatusCode == 404
		if err == nil || !notYet || attempt == 4 {
			return err
		}
		if err := retry.Sleep(ctx, pause); err != nil {
			return err
		}
		pause *= 2
	}
}

// appID is the application an interaction belongs to.
func (a *Adapter) appID(i *discordgo.Interaction) string {
	if i.AppID != "" {
		return i.AppID
	}
	return a.cfg.ApplicationID
}

// editOriginal replaces a deferred response with the reply.
func (a *Adapter) editOriginal(ctx context.Context, i *discordgo.Interaction, r bot.Reply) error {
	d := messageData(r)
	edit := discordgo.WebhookEdit{Embeds: &d.Embeds, Components: &d.Components, AllowedMentions: d.AllowedMentions}
	if edit.Components == nil || *edit.Components == nil {
		empty := []discordgo.MessageComponent{}
		edit.Components = &empty
	}
	return a.interactionCall(ctx, "PATCH", discordgo.EndpointWebhookMessage(a.appID(i), i.Token, "@original"), edit)
}

// request decodes who asked, and where, into a neutral request.
func (a *Adapter) request(i *discordgo.Interaction) bot.Request {
	req := bot.Request{
		ID:        i.ID,
		Platform:  "discord",
		Workspace: i.GuildID,
		Channel:   i.ChannelID,
		Locale:    string(i.Locale),
		Place:     place(i),
	}
	u := i.User
	if i.Member != nil {
		// Discord computes the member's permissions in this channel,
		// overwrites included.
		req.CanManage = i.Member.Permissions&manageBits != 0
		if i.Member.User != nil {
			u = i.Member.User
		}
	}
	if u != nil {
		req.User = bot.User{ID: u.ID, Name: u.GlobalName}
		if req.User.Name == "" {
			req.User.Name = u.Username
		}
	}
	return req
}

// postBits are what the bot needs in a channel to post a topic of the day.
const postBits = discordgo.PermissionViewChannel | discordgo.PermissionSendMessages

// place reports where an interaction came from, as Discord says: a guild
// channel or a DM, and whether the app can post there. An app installed
// only by a user has no bot in the guild (no guild-install owner), and
// app_permissions are the app's own permissions in the channel. Zero
// app_permissions means Discord sent none, so nothing is claimed.
func place(i *discordgo.Interaction) bot.Place {
	if i.GuildID == "" {
		return bot.Place{Kind: bot.PlaceDM}
	}
	p := bot.Place{Kind: bot.PlaceChannel}
	_, guildInstall := i.AuthorizingIntegrationOwners[discordgo.ApplicationIntegrationGuildInstall]
	switch {
	case len(i.AuthorizingIntegrationOwners) > 0 && !guildInstall:
		p.Access = bot.AccessUserInstall
	case i.AppPermissions == 0:
	case i.AppPermissions&postBits == postBits:
		p.Access = bot.AccessOK
	default:
		p.Access = bot.AccessNoPermission
	}
	return p
}

// clickedMessage is the message holding the clicked button, as Discord
// reports it: its channel and its id, a snowflake that encodes when it was
// posted.
func clickedMessage(i *discordgo.Interaction) bot.Message {
	if i.Message == nil {
		return bot.Message{}
	}
	m := bot.Message{ID: i.Message.ID, Channel: i.Message.ChannelID}
	if isSnowflake(m.ID) {
		if t, err := discordgo.SnowflakeTimestamp(m.ID); err == nil {
			m.Posted = t
		}
	}
	return m
}

// commandRequest decodes /sd <subcommand> option:value...
func (a *Adapter) commandRequest(i *discordgo.Interaction) (bot.Request, bool) {
	sub, ok := subcommandData(i)
	if !ok {
		return bot.Request{}, false
	}
	req := a.request(i)
	req.Command = sub.Name
	for _, o := range sub.Options {
		if o.Value == nil {
			continue
		}
		if req.Options == nil {
			req.Options = make(map[string]string, len(sub.Options))
		}
		req.Options[o.Name] = strings.TrimSpace(fmt.Sprint(o.Value))
	}
	return req, true
}

func subcommandData(i *discordgo.Interaction) (*discordgo.ApplicationCommandInteractionDataOption, bool) {
	d, ok := i.Data.(discordgo.ApplicationCommandInteractionData)
	if !ok || d.Name != commandName || len(d.Options) == 0 || d.Options[0] == nil {
		return nil, false
	}
	sub := d.Options[0]
	return sub, sub.Type == discordgo.ApplicationCommandOptionSubCommand
}

// oops is an error reply the adapter makes itself, without the bot.
func oops(text string) bot.Reply {
	return bot.Reply{Text: text, Kind: bot.KindError, Ephemeral: true}
}

func message(r bot.Reply) discordgo.InteractionResponse {
	return discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: messageData(r)}
}
