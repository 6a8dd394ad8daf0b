package main

import (
	"context"
	"errors"
	"time"

	"github.com/sdbot/sdbot/bot"
)

// errNoConversations is what conversation calls return when the open
// store cannot keep conversations (a store without that part).
var errNoConversations = errors.New("store keeps no conversations")

// meteredConversations is the conversation memory the bot sees: the open
// store's, with failures counted like the store's other calls.
type meteredConversations struct{ s meteredStore }

// conversed runs call on the open store's conversation memory.
func conversed[T any](c meteredConversations, op string, call func(bot.Conversations) (T, error)) (T, error) {
	return metered(c.s, op, func(st bot.Store) (T, error) {
		conv, ok := st.(bot.Conversations)
		if !ok {
			var zero T
			return zero, errNoConversations
		}
		return call(conv)
	})
}

func (c meteredConversations) ClaimEvent(ctx context.Context, platform, id string, at time.Time) (bool, error) {
	return conversed(c, "claim_event", func(cv bot.Conversations) (bool, error) { return cv.ClaimEvent(ctx, platform, id, at) })
}

func (c meteredConversations) RememberThread(ctx context.Context, t bot.Thread, cardID string, at time.Time) error {
	_, err := conversed(c, "remember_thread", func(cv bot.Conversations) (struct{}, error) {
		return none(cv.RememberThread(ctx, t, cardID, at))
	})
	return err
}

func (c meteredConversations) ThreadCard(ctx context.Context, t bot.Thread) (string, error) {
	return conversed(c, "thread_card", func(cv bot.Conversations) (string, error) { return cv.ThreadCard(ctx, t) })
}

func (c meteredConversations) PurgeConversations(ctx context.Context, before time.Time) (int, error) {
	return conversed(c, "purge_conversations", func(cv bot.Conversations) (int, error) { return cv.PurgeConversations(ctx, before) })
}
