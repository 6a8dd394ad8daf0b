package bot

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/sdbot/sdbot/knowledge"
)

// Thread names a conversation about a card: a Slack thread (its parent's
// ts: an answer's, a shared card's or a topic of the day's), a Slack DM,
// or on Discord the message people reply to (the bot's answer, a shared
// card, a topic of the day), or a channel where messages reply to nothing
// (a DM, a topic of the day's thread). "more" and "quiz" said there are
// about the card answered there.
type Thread struct {
	Platform  string
	Workspace string
	Channel   string
	ID        string
}

// Conversations is the memory behind answers to messages, kept in the
// same database as the Store so every replica shares it: which platform
// events were already answered (platforms re-send events they think
// failed), and which card the bot answered in which thread.
type Conversations interface {
	// ClaimEvent records that the caller answers the platform's event id.
	// Exactly one caller per (platform, id) gets true, however many
	// replicas race; the others get false.
	ClaimEvent(ctx context.Context, platform, id string, at time.Time) (bool, error)
	// RememberThread records the card answered in a thread, replacing
	// what was answered there before.
	RememberThread(ctx context.Context, t Thread, cardID string, at time.Time) error
	// ThreadCard returns the card last answered in a thread, or
	// ErrNotFound.
	ThreadCard(ctx context.Context, t Thread) (string, error)
	// PurgeConversations forgets events and threads older than before and
	// returns how many records it deleted.
	PurgeConversations(ctx context.Context, before time.Time) (int, error)
}

// conversationDays is how long the bot remembers an event id or the card
// of a thread: Slack retries an event for about an hour, and a thread is
// rarely picked up again after a week.
const conversationDays = 7

// WithConversations gives the bot somewhere to remember answered events
// and threads. Without it every event is answered and "more" in a thread
// has nothing to show.
func WithConversations(c Conversations) BotOption {
	return func(b *Bot) { b.conv = c }
}

// Remembers reports whether a reply starts a conversation the bot
// remembers: it is about one card, everyone in its channel sees it (an
// answer to a message said to the bot, a shared card, a quiz for the
// channel), and the bot remembers conversations (it was given
// WithConversations). The adapter that posts such a reply remembers its
// card under the post with Remember; for any other reply it need not find
// out the post's id.
func (b *Bot) Remembers(r Reply) bool { return b.conv != nil && r.TopicID != "" && !r.Ephemeral }

// FirstDelivery reports whether the platform's event id is seen for the
// first time, claiming it: the one claimant answers, re-sent copies are
// dropped, across replicas. When the claim cannot be made (no memory, or
// the database failed) it answers true: a rare double answer is better
// than silence.
func (b *Bot) FirstDelivery(ctx context.Context, platform, eventID string) bool {
	if b.conv == nil || eventID == "" {
		return true
	}
	cctx, cancel := context.WithTimeout(ctx, b.storeTimeout)
	defer cancel()
	ok, err := b.conv.ClaimEvent(cctx, platform, eventID, b.now())
	if err != nil {
		b.log.Warn("claim event failed; answering anyway", "platform", platform, "error", err.Error())
		return true
	}
	return ok
}

// Remember records that the bot answered with cardID in thread t, so a
// "more" or "quiz" said there later is about that card. Failures are
// logged: the answer itself went out.
func (b *Bot) Remember(ctx context.Context, t Thread, cardID string) {
	if b.conv == nil || t.ID == "" || cardID == "" {
		return
	}
	cctx, cancel := context.WithTimeout(ctx, b.storeTimeout)
	defer cancel()
	if err := b.conv.RememberThread(cctx, t, cardID, b.now()); err != nil {
		b.log.Warn("remember thread failed", "platform", t.Platform, "error", err.Error())
	}
}

// PurgeConversations forgets events and threads older than the bot keeps
// them. Serve runs it with the question purge.
func (b *Bot) PurgeConversations(ctx context.Context) (int, error) {
	if b.conv == nil {
		return 0, nil
	}
	return b.conv.PurgeConversations(ctx, b.now().Add(-conversationDays*24*time.Hour))
}

// threadCard is the card the bot last answered in the request's thread,
// or nil: outside a thread, with no memory, when the store fails (a
// question is then answered alone), or when the card is gone.
func (b *Bot) threadCard(ctx context.Context, req Request) *knowledge.Card {
	if b.conv == nil || req.Thread == "" {
		return nil
	}
	cctx, cancel := context.WithTimeout(ctx, b.storeTimeout)
	id, err := b.conv.ThreadCard(cctx, Thread{Platform: req.Platform, Workspace: req.Workspace, Channel: req.Channel, ID: req.Thread})
	cancel()
	if err != nil {
		if !errors.Is(err, ErrNotFound) {
			b.log.Warn("thread card lookup failed; answering alone", "platform", req.Platform, "error", err.Error())
		}
		return nil
	}
	c, err := b.kb.Set().Card(id)
	if err != nil {
		return nil
	}
	return c
}

// followUp answers "more" and "quiz" said in a thread the bot answered:
// the whole card, or a quiz on it. It returns false for anything else,
// and for a "quiz" in a thread with no card remembered, which is then an
// ordinary quiz.
func (b *Bot) followUp(ctx context.Context, req *Request) (Reply, bool) {
	word := strings.ToLower(strings.TrimSpace(req.Command))
	if req.Thread == "" || strings.TrimSpace(req.Text) != "" || (word != "more" && word != "quiz") {
		return Reply{}, false
	}
	c := b.threadCard(ctx, *req)
	switch {
	case c == nil && word == "more":
		return errorReply("I have not answered a topic here, so there is nothing more to show. Ask me a question first, then say `more` in its thread or in a reply to my answer."), true
	case c == nil:
		return Reply{}, false
	case word == "more":
		return b.wholeCard(c), true
	}
	req.Text = c.ID // a quiz on the thread's card, through the quiz command
	return Reply{}, false
}
