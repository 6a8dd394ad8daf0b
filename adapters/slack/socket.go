package slack

import (
	"context"
	"fmt"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// runSocket holds a Socket Mode connection until ctx ends. slack-go
// reconnects by itself; it gives up, and so does Run, only when Slack
// refuses the app token.
func (a *Adapter) runSocket(ctx context.Context) error {
	client := socketmode.New(a.api)
	errc := make(chan error, 1)
	go func() { errc <- client.RunContext(ctx) }()
	for {
		select {
		case evt := <-client.Events:
			received := time.Now()
			a.tasks.Go(func() { a.handleEvent(ctx, received, client, evt) })
		case err := <-errc:
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("slack socket mode: %w", err)
		}
	}
}

// acker is the part of the Socket Mode client handleEvent uses.
type acker interface {
	AckCtx(ctx context.Context, envelopeID string, payload any) error
}

// handleEvent answers one Socket Mode event. Every envelope is acked, even
// ones sdbot does not use, or Slack retries it and then shows the user an
// error.
func (a *Adapter) handleEvent(ctx context.Context, received time.Time, c acker, evt socketmode.Event) {
	var envelope string
	if evt.Request != nil {
		envelope = evt.Request.EnvelopeID
	}
	ack := func(payload any) error {
		err := c.AckCtx(ctx, envelope, payload)
		if err != nil {
			a.log.Warn("slack ack failed", "type", string(evt.Type), "error", err.Error())
		}
		return err
	}
	switch evt.Type {
	case socketmode.EventTypeSlashCommand:
		cmd, _ := evt.Data.(slack.SlashCommand)
		msg := a.answer(ctx, received, cmd)
		if msg == nil {
			ack(nil)
			return
		}
		if ack(msg) != nil {
			// Too big for an ack (20 KB): ack bare, answer on response_url.
			if ack(nil) == nil {
				rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), lateReplyTimeout)
				defer cancel()
				a.respond(rctx, cmd.ResponseURL, msg)
			}
		}
	case socketmode.EventTypeInteractive:
		ack(nil)
		if cb, ok := evt.Data.(slack.InteractionCallback); ok {
			ictx, cancel := context.WithTimeout(context.WithoutCancel(ctx), lateReplyTimeout)
			defer cancel()
			a.interact(ictx, cb)
		}
	case socketmode.EventTypeEventsAPI:
		ack(nil) // first: Slack re-sends an event not acked within 3 s
		if ev, ok := evt.Data.(slackevents.EventsAPIEvent); ok {
			ectx, cancel := context.WithTimeout(context.WithoutCancel(ctx), lateReplyTimeout)
			defer cancel()
			a.onEvent(ectx, ev)
		}
	case socketmode.EventTypeConnecting, socketmode.EventTypeHello:
		a.log.Debug("slack socket mode", "event", string(evt.Type))
	case socketmode.EventTypeConnected:
		a.ready.Store(true)
		a.log.Info("slack socket mode connected")
	case socketmode.EventTypeDisconnect:
		a.ready.Store(false)
		a.log.Info("slack socket mode disconnected")
	case socketmode.EventTypeConnectionError, socketmode.EventTypeInvalidAuth:
		a.ready.Store(false)
		a.log.Warn("slack socket mode problem", "event", string(evt.Type), "error", eventError(evt))
	case socketmode.EventTypeIncomingError, socketmode.EventTypeErrorBadMessage, socketmode.EventTypeErrorWriteFailed:
		a.log.Warn("slack socket mode problem", "event", string(evt.Type), "error", eventError(evt))
	default:
		if envelope != "" {
			ack(nil)
		}
	}
}

// eventError describes a Socket Mode error event by its cause only: the
// payloads also carry message contents and connection URLs.
func eventError(evt socketmode.Event) string {
	switch d := evt.Data.(type) {
	case *slack.ConnectionErrorEvent:
		return d.Error()
	case *slack.IncomingEventError:
		return d.Error()
	case *socketmode.ErrorBadMessage:
		return d.Cause.Error()
	case *socketmode.ErrorWriteFailed:
		return d.Cause.Error()
	}
	return string(evt.Type)
}
