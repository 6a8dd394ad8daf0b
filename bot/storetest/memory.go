package storetest

import (
	"context"
	"sync"
	"time"

	"github.com/sdbot/sdbot/bot"
)

// Conversations is an in-memory bot.Conversations for tests of code that
// needs one but is not about the store (the adapters): each event is
// claimed once, and each thread remembers the card answered in it.
type Conversations struct {
	mu      sync.Mutex
	events  map[string]bool
	threads map[bot.Thread]string
}

// NewConversations returns an empty Conversations.
func NewConversations() *Conversations {
	return &Conversations{events: map[string]bool{}, threads: map[bot.Thread]string{}}
}

// ClaimEvent claims an event the first time it is seen.
func (m *Conversations) ClaimEvent(_ context.Context, platform, id string, _ time.Time) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := platform + "/" + id
	if m.events[k] {
		return false, nil
	}
	m.events[k] = true
	return true, nil
}

// RememberThread records the card answered in a thread.
func (m *Conversations) RememberThread(_ context.Context, t bot.Thread, card string, _ time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.threads[t] = card
	return nil
}

// ThreadCard returns the card answered in a thread, or bot.ErrNotFound.
func (m *Conversations) ThreadCard(_ context.Context, t bot.Thread) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if c, ok := m.threads[t]; ok {
		return c, nil
	}
	return "", bot.ErrNotFound
}

// PurgeConversations keeps everything: tests do not run long enough.
func (m *Conversations) PurgeConversations(context.Context, time.Time) (int, error) { return 0, nil }
