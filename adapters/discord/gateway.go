package discord

import (
	"context"
	"errors"
	"fmt"

	"github.com/bwmarrin/discordgo"
)

// Run connects to the gateway and answers interactions until ctx ends,
// then closes the connection and waits for deferred replies. It is the
// gateway mode; HTTP mode uses Routes instead.
func (a *Adapter) Run(ctx context.Context) error {
	if a.session.Token == "" {
		return errors.New("discord gateway: no bot token")
	}
	remove := a.session.AddHandler(func(_ *discordgo.Session, ic *discordgo.InteractionCreate) {
		a.onInteractionCreate(ctx, ic)
	})
	defer remove()
	if err := a.session.Open(); err != nil {
		return fmt.Errorf("open discord gateway: %w", redact(err))
	}
	a.log.Info("discord gateway connected", "shard", a.session.ShardID, "shards", a.session.ShardCount)
	<-ctx.Done()
	err := a.session.Close()
	a.inflight.Wait()
	if err != nil {
		return fmt.Errorf("close discord gateway: %w", err)
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
