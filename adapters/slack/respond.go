package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/sdbot/sdbot/adapters/internal/deadline"
	"github.com/sdbot/sdbot/bot"
)

// commandRequest decodes a slash command, from HTTP or Socket Mode, into a
// neutral request. It may look the user up (users.info), so it runs inside
// the reply budget.
func (a *Adapter) commandRequest(ctx context.Context, cmd slack.SlashCommand) bot.Request {
	// Slack sends &, < and > in the typed text as entities.
	req := a.bot.Parse(unescaper.Replace(cmd.Text))
	req.Platform = "slack"
	req.Workspace = cmd.TeamID
	req.Channel = cmd.ChannelID
	req.User = bot.User{ID: cmd.UserID, Name: cmd.UserName}
	req.CanManage = a.canManage(ctx, cmd.UserID, req.Command)
	req.Place = a.place(ctx, cmd.ChannelID, cmd.ChannelName, req.Command)
	return req
}

// message renders a reply for Slack with the visibility the bot chose.
func replyMessage(r bot.Reply) *slack.WebhookMessage {
	responseType := slack.ResponseTypeInChannel
	if r.Ephemeral {
		responseType = slack.ResponseTypeEphemeral
	}
	return message(r, responseType)
}

// answer runs a slash command within the reply budget, counted from when
// the command was received. If the bot is fast enough it returns the
// message to send as the direct response. Otherwise it returns nil, the
// caller acks at once, and the message goes to responseURL when ready.
func (a *Adapter) answer(ctx context.Context, received time.Time, cmd slack.SlashCommand) *slack.WebhookMessage {
	work := func(wctx context.Context) *slack.WebhookMessage {
		return replyMessage(a.bot.Handle(wctx, a.commandRequest(wctx, cmd)))
	}
	msg, pending, inTime := deadline.Race(ctx, received.Add(a.budget), lateReplyTimeout, work)
	if inTime {
		return msg
	}
	a.log.Info("slack reply deferred to response_url", "budget", a.budget.String())
	pending.Then(&a.tasks, func(msg *slack.WebhookMessage) {
		// A fresh deadline: the command's may be what ran out.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), lateReplyTimeout)
		defer cancel()
		a.respond(rctx, cmd.ResponseURL, msg)
	})
	return nil
}

// interact handles button clicks and the "Ask sdbot" message shortcut.
// Slack ignores the HTTP response to a block action, so every answer to
// a click goes to response_url.
func (a *Adapter) interact(ctx context.Context, cb slack.InteractionCallback) {
	if cb.Type == slack.InteractionTypeMessageAction && cb.CallbackID == askShortcut {
		a.askAbout(ctx, cb)
		return
	}
	if cb.Type != slack.InteractionTypeBlockActions || cb.ResponseURL == "" {
		return
	}
	for _, act := range cb.ActionCallback.BlockActions {
		req := bot.Request{
			Command:   buttonAction(act.ActionID),
			Text:      act.Value,
			Platform:  "slack",
			Workspace: cb.Team.ID,
			Channel:   cb.Channel.ID,
			User:      bot.User{ID: cb.User.ID, Name: cb.User.Name},
			CanManage: a.managers[cb.User.ID],
			Place:     bot.Place{Kind: kindFromName(cb.Channel.ID, cb.Channel.Name)},
			Clicked:   true,
		}
		if req.Channel == "" {
			req.Channel = cb.Container.ChannelID
		}
		req.Message = clickedMessage(cb)
		r := a.bot.Handle(ctx, req)
		if r.Update != nil {
			// The message holding the button changes for everyone (a
			// quiz's answer count); the reply itself follows.
			upd := message(*r.Update, "")
			upd.ReplaceOriginal = true
			a.respond(ctx, cb.ResponseURL, upd)
		}
		if r.Update == nil && a.bot.Remembers(r) && a.shareInChannel(ctx, cb, req, r) {
			continue
		}
		msg := replyMessage(r)
		// Following a link inside one's own ephemeral answer replaces it;
		// a click on a message others see must not rewrite it, and an
		// acknowledgement (a vote) leaves the answer it is about in place.
		msg.ReplaceOriginal = cb.Container.IsEphemeral && r.Ephemeral && r.Update == nil && r.Kind != bot.KindAck
		a.respond(ctx, cb.ResponseURL, msg)
	}
}

// shareInChannel posts a card a click shows to everyone in the channel
// (a shared card) with chat.postMessage, where the clicked message is,
// and remembers the card under the post, so that "@sdbot more", "quiz" or
// a follow-up in its thread is about that card; response_url gives no
// message ts to remember. It reports false, leaving the reply to
// response_url, when the post surely did not happen: Slack refused it (the
// bot is not in the channel, or the channel is a DM between others) or
// kept answering 429. A post that failed otherwise may still have
// appeared, so it is not repeated: the sharer is told to look.
func (a *Adapter) shareInChannel(ctx context.Context, cb slack.InteractionCallback, req bot.Request, r bot.Reply) bool {
	thread := cb.Container.ThreadTs
	ts, err := a.post(ctx, req.Channel, thread, r)
	if err != nil {
		var refused slack.SlackErrorResponse
		if errors.As(err, &refused) || errors.Is(err, errRateLimited) {
			return false
		}
		a.log.Warn("slack shared card not posted", "channel", req.Channel, "error", err.Error())
		a.respond(ctx, cb.ResponseURL, replyMessage(bot.Reply{Ephemeral: true, Kind: bot.KindError,
			Text: "I could not tell whether the card was shared. Look in the channel before you share it again."}))
		return true
	}
	if thread == "" {
		thread = ts
	}
	a.bot.Remember(ctx, bot.Thread{Platform: "slack", Workspace: cb.Team.ID, Channel: req.Channel, ID: thread}, r.TopicID)
	return true
}

// clickedMessage is the message holding the clicked button, as Slack
// reports it: its channel and its ts, which is when it was posted.
func clickedMessage(cb slack.InteractionCallback) bot.Message {
	ts := cb.Container.MessageTs
	if ts == "" {
		ts = cb.Message.Timestamp
	}
	m := bot.Message{ID: ts, Channel: cb.Container.ChannelID}
	sec, frac, _ := strings.Cut(ts, ".")
	if s, err := strconv.ParseInt(sec, 10, 64); err == nil && s > 0 {
		usec, _ := strconv.ParseInt((frac + "000000")[:6], 10, 64)
		m.Posted = time.Unix(s, usec*1000)
	}
	return m
}

// respond posts msg to a response_url, waiting out rate limits. Failures
// are logged: nobody else is waiting for them.
func (a *Adapter) respond(ctx context.Context, responseURL string, msg *slack.WebhookMessage) {
	if responseURL == "" {
		a.log.Warn("slack reply dropped: no response_url")
		return
	}
	// Replacing or deleting the original message twice changes nothing; a
	// new message could appear twice, so it is not repeated after a 5xx.
	idempotent := msg.ReplaceOriginal || msg.DeleteOriginal
	err := a.withRetry(ctx, "response_url", idempotent, func() error { return a.postResponse(ctx, responseURL, msg) })
	if err != nil {
		a.log.Error("slack reply failed", "error", err.Error())
	}
}

// postResponse sends one message to a response_url. It reports errors
// without the URL, which is a bearer credential for 30 minutes.
func (a *Adapter) postResponse(ctx context.Context, responseURL string, msg *slack.WebhookMessage) error {
	body, err := json.Marshal(msg)
	if err != nil {
		return fmt.Errorf("encode reply: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, responseURL, bytes.NewReader(body))
	if err != nil {
		return errors.New("post reply: bad response_url")
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := a.client.Do(req)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		return fmt.Errorf("post reply: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return rateLimited(resp.Header)
	case resp.StatusCode/100 != 2:
		return fmt.Errorf("post reply: %w", slack.StatusCodeError{Code: resp.StatusCode, Status: resp.Status})
	}
	return nil
}
