package discord

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

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
// edits the answer in from a goroutine that Drain waits for.
func (a *Adapter) interact(ctx context.Context, i *discordgo.Interaction, respond respondFunc) error {
	switch i.Type {
	case discordgo.InteractionPing:
		return respond(pong)
	case discordgo.InteractionApplicationCommandAutocomplete:
		return respond(a.autocomplete(i))
	case discordgo.InteractionApplicationCommand:
		req, ok := a.commandRequest(i)
		if !ok {
			return respond(message(oops("I don't know that command. Try `/sd help`.")))
		}
		return a.run(ctx, i, req, false, respond)
	case discordgo.InteractionMessageComponent:
		d, _ := i.Data.(discordgo.MessageComponentInteractionData)
		action, value, ok := parseCustomID(d.CustomID)
		if !ok {
			return respond(message(oops("That button is not mine.")))
		}
		req := a.request(i)
		req.Message = clickedMessage(i)
		share := action == actionShare
		req.Command, req.Text = action, value
		if share {
			req.Command = "topic"
		}
		return a.run(ctx, i, req, share, respond)
	default:
		return respond(message(oops("sdbot does not handle that kind of interaction.")))
	}
}

// run handles a command or button click. A click answers only the user
// who clicked (a personal answer, with a Share button), except Share
// itself, which posts the card for everyone.
func (a *Adapter) run(ctx context.Context, i *discordgo.Interaction, req bot.Request, share bool, respond respondFunc) error {
	if a.manage[req.Command] && !req.CanManage {
		return respond(message(refusal(i, req.Command)))
	}
	component := i.Type == discordgo.InteractionMessageComponent
	shape := func(r bot.Reply) bot.Reply {
		switch {
		case share && r.Kind != bot.KindError:
			r.Ephemeral = false
		case component:
			r.Ephemeral = true
		}
		return r
	}

	work, cancel := context.WithTimeout(context.WithoutCancel(ctx), workTimeout)
	replies := make(chan bot.Reply, 1)
	go func() { replies <- a.bot.Handle(work, req) }()

	timer := time.NewTimer(a.cfg.DeferAfter)
	defer timer.Stop()
	select {
	case r := <-replies:
		cancel()
		if component && r.Update != nil {
			return a.updateAndFollow(ctx, i, shape(r), respond)
		}
		return respond(message(shape(r)))
	case <-timer.C:
	}

	// Too slow for the 3-second deadline: acknowledge now and edit the
	// answer in later. Whether the answer is ephemeral is fixed here, so
	// it is ephemeral unless sharing: a public answer then still arrives,
	// with its Share button, and an error is never shown to everyone.
	ephemeral := !share
	deferred := discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}
	if ephemeral {
		deferred.Data = &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral}
	}
	if err := respond(deferred); err != nil {
		cancel()
		return err
	}
	a.inflight.Add(1)
	go func() {
		defer a.inflight.Done()
		defer cancel()
		var r bot.Reply
		select {
		case r = <-replies:
		case <-work.Done():
			r = oops("Sorry, that took too long. Please try again.")
		}
		r = shape(r)
		r.Ephemeral = ephemeral
		// A fresh deadline: work's may be what just ran out.
		ectx, ecancel := context.WithTimeout(context.WithoutCancel(ctx), restTimeout)
		defer ecancel()
		if err := a.editOriginal(ectx, i, r); err != nil {
			a.log.Error("edit deferred discord reply", "command", req.Command, "error", err.Error())
		}
	}()
	return nil
}

// updateAndFollow answers a click whose reply updates the clicked message
// (a quiz and its live answer count): the update is the response (type 7),
// and the personal reply follows as an ephemeral follow-up message.
func (a *Adapter) updateAndFollow(ctx context.Context, i *discordgo.Interaction, r bot.Reply, respond respondFunc) error {
	upd := *r.Update
	upd.Ephemeral = false
	if err := respond(discordgo.InteractionResponse{Type: discordgo.InteractionResponseUpdateMessage, Data: messageData(upd)}); err != nil {
		return err
	}
	r.Update, r.Ephemeral = nil, true
	a.followUp(ctx, i, r)
	return nil
}

// followUp sends an extra message for an interaction, from a goroutine
// that Drain waits for. In HTTP mode the response is still on its way to
// Discord when this starts, and Discord answers 404 until it arrives, so
// a 404 is retried a few times with a growing pause.
func (a *Adapter) followUp(ctx context.Context, i *discordgo.Interaction, r bot.Reply) {
	appID := i.AppID
	if appID == "" {
		appID = a.cfg.ApplicationID
	}
	d := messageData(r)
	params := discordgo.WebhookParams{Embeds: d.Embeds, Components: d.Components, Flags: d.Flags, AllowedMentions: d.AllowedMentions}
	a.inflight.Add(1)
	go func() {
		defer a.inflight.Done()
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), restTimeout)
		defer cancel()
		pause := 100 * time.Millisecond
		for attempt := 0; ; attempt++ {
			err := a.interactionCall(fctx, "POST", discordgo.EndpointFollowupMessage(appID, i.Token), params)
			var rest *discordgo.RESTError
			notYet := errors.As(err, &rest) && rest.Response != nil && rest.Response.StatusCode == 404
			if err == nil || !notYet || attempt == 4 {
				if err != nil {
					a.log.Error("discord follow-up", "error", err.Error())
				}
				return
			}
			select {
			case <-fctx.Done():
				return
			case <-time.After(pause):
				pause *= 2
			}
		}
	}()
}

// editOriginal replaces a deferred response with the reply.
func (a *Adapter) editOriginal(ctx context.Context, i *discordgo.Interaction, r bot.Reply) error {
	appID := i.AppID
	if appID == "" {
		appID = a.cfg.ApplicationID
	}
	d := messageData(r)
	edit := discordgo.WebhookEdit{Embeds: &d.Embeds, Components: &d.Components, AllowedMentions: d.AllowedMentions}
	if edit.Components == nil || *edit.Components == nil {
		empty := []discordgo.MessageComponent{}
		edit.Components = &empty
	}
	return a.interactionCall(ctx, "PATCH", discordgo.EndpointWebhookMessage(appID, i.Token, "@original"), edit)
}

// request decodes who asked, and where, into a neutral request.
func (a *Adapter) request(i *discordgo.Interaction) bot.Request {
	req := bot.Request{
		Platform:  "discord",
		Workspace: i.GuildID,
		Channel:   i.ChannelID,
		Locale:    string(i.Locale),
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

// refusal tells a member, politely, which permission a command needs.
func refusal(i *discordgo.Interaction, command string) bot.Reply {
	if i.Member == nil {
		return oops(fmt.Sprintf("`/sd %s` works only in a server channel, where it needs the Manage Channels permission.", command))
	}
	return oops(fmt.Sprintf("Sorry, `/sd %s` needs the **Manage Channels** (or **Manage Server**) permission in this channel.", command))
}

// oops is an error reply the adapter makes itself, without the bot.
func oops(text string) bot.Reply {
	return bot.Reply{Text: text, Kind: bot.KindError, Ephemeral: true}
}

func message(r bot.Reply) discordgo.InteractionResponse {
	return discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: messageData(r)}
}
