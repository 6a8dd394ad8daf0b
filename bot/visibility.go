package bot

import (
	"context"
	"strings"
)

// shareCommand is the hidden command behind "Share in channel": it shows a
// card to everyone in the channel, crediting who shared it.
const shareCommand = "share"

// Private reports whether the reply to req will be shown only to its
// sender, as far as the request alone says. An adapter that must commit to
// a visibility before the reply exists (a Discord deferral) asks this; the
// reply's own Ephemeral, which Handle sets, is the final word.
func (b *Bot) Private(req Request) bool {
	switch {
	case req.Command == shareCommand || req.Said:
		return false
	case req.Clicked:
		return true
	}
	cmd, ok := b.Command(strings.ToLower(req.Command))
	if !ok || !cmd.public {
		return true
	}
	return cmd.Name == "quiz" && strings.EqualFold(req.arg("topic"), "mine")
}

// settle applies the visibility policy to a reply, the same for every
// platform: an answer to a message said to the bot is a message in that
// conversation (a thread, a DM), which whoever is in it sees; errors and
// "no good answer" go to the asker alone; a shared card goes to everyone;
// a button's answer and a card go to the asker, with a button to share
// the card; the rest is as the command made it.
func settle(req Request, r Reply) Reply {
	switch {
	case req.Said:
		r.Ephemeral = false
	case r.Kind == KindError || r.Kind == KindNoAnswer:
		r.Ephemeral = true
	case req.Command == shareCommand:
		r.Ephemeral = false
	case req.Clicked || r.Kind == KindAnswer:
		r.Ephemeral = true
	}
	if r.Ephemeral && r.Kind == KindAnswer && r.TopicID != "" && r.Update == nil {
		share := Button{Label: "Share in channel", Action: shareCommand, Value: r.TopicID, Primary: true}
		r.Buttons = append([]Button{share}, r.Buttons...)
	}
	return r
}

// share shows a topic card to the channel, crediting the user who shared
// it.
func (b *Bot) share(ctx context.Context, req Request) Reply {
	r := b.topic(ctx, req)
	if r.Kind != KindAnswer {
		return r
	}
	credit := "Shared by " + UserMention(req.User.ID).String()
	if r.Footer == "" {
		r.Footer = credit
	} else {
		r.Footer = credit + "\n" + r.Footer
	}
	return r
}
