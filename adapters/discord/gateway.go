package discord

import (
	"context"
	"errors"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sdbot/sdbot/adapters/internal/retry"
)

// maxReconnectWait caps the pause between attempts to open the gateway.
const maxReconnectWait = time.Minute

// Run serves until ctx ends and then returns once deferred replies are
// done, within DrainTimeout. With Config.Gateway it holds a gateway
// connection, retrying a failed first connection with backoff (discordgo
// itself reconnects a connection that drops later); over HTTP the
// interactions come through Routes and Run only marks the adapter ready.
func (a *Adapter) Run(ctx context.Context) error {
	defer a.drain()
	if !a.cfg.Gateway {
		a.ready.Store(true)
		<-ctx.Done()
		a.ready.Store(false)
		return nil
	}
	if a.session.Token == "" {
		return errors.New("discord gateway: no bot token")
	}
	remove := a.session.AddHandler(func(_ *discordgo.Session, ic *discordgo.InteractionCreate) {
		a.onInteractionCreate(ctx, ic)
	})
	defer remove()
	removeReady := a.session.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) {
		if r != nil && r.User != nil && r.User.ID != "" {
			id := r.User.ID
			a.self.Store(&id)
		}
	})
	defer removeReady()
	removeMsg := a.session.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) {
		a.inflight.Go(func() {
			mctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), workTimeout)
			defer cancel()
			a.onMessage(mctx, m)
		})
	})
	defer removeMsg()
	removeUp := a.session.AddHandler(func(*discordgo.Session, *discordgo.Connect) { a.ready.Store(true) })
	defer removeUp()
	removeDown := a.session.AddHandler(func(*discordgo.Session, *discordgo.Disconnect) { a.ready.Store(false) })
	defer removeDown()
	for attempt := 0; ; attempt++ {
		err := a.session.Open()
		if err == nil {
			break
		}
		wait := min(retry.Backoff(attempt), maxReconnectWait)
		a.log.Warn("discord gateway connection failed; retrying", "error", redact(err).Error(), "attempt", attempt+1, "retry_in", wait.String())
		if retry.Sleep(ctx, wait) != nil {
			return nil
		}
	}
	a.ready.Store(true)
	a.log.Info("discord gateway connected", "shard", a.session.ShardID, "shards", a.session.ShardCount)
	<-ctx.Done()
	a.ready.Store(false)
	if err := a.session.Close(); err != nil {
		a.log.Warn("close discord gateway", "error", err.Error())
	}
	return nil
}

// onInteractionCreate answers an INTERACTION_CREATE event through the
// interaction's callback endpoint.
func (a *Adapter) onInteractionCreate(ctx context.Context, ic *discordgo.InteractionCreate) {
	if ic == nil || ic.Interaction == nil {
		return
	}
	i := ic.Interaction
	err := a.interact(ctx, i, func(resp any) error {
		// The callback must land inside Discord's 3 seconds whatever
		// happens to ctx, and is one short call.
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), restTimeout)
		defer cancel()
		return a.interactionCall(cctx, "POST", discordgo.EndpointInteractionResponse(i.ID, i.Token), resp)
	})
	if err != nil {
		a.log.Error("answer discord interaction", "type", i.Type.String(), "error", err.Error())
	}
}
