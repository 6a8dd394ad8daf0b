package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/sdbot/sdbot/bot"
)

var _ bot.Conversations = (*Store)(nil)

// ClaimEvent inserts the event's row; the primary key lets exactly one
// claimer in, across replicas, as Claim does for daily posts.
func (s *Store) ClaimEvent(ctx context.Context, platform, id string, at time.Time) (bool, error) {
	n, err := s.count(ctx, "claim event", `INSERT INTO events_seen (platform, event_id, seen_at)
		VALUES ($1, $2, $3) ON CONFLICT (platform, event_id) DO NOTHING`, platform, id, s.d.timeArg(at))
	return n == 1, err
}

// RememberThread records the card answered in a thread, replacing the
// one answered there before.
func (s *Store) RememberThread(ctx context.Context, t bot.Thread, cardID string, at time.Time) error {
	_, err := s.exec(ctx, `INSERT INTO threads (platform, workspace, channel, thread_id, card_id, answered_at)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (platform, workspace, channel, thread_id) DO UPDATE SET card_id = excluded.card_id, answered_at = excluded.answered_at`,
		t.Platform, t.Workspace, t.Channel, t.ID, cardID, s.d.timeArg(at))
	if err != nil {
		return fmt.Errorf("remember thread: %w", err)
	}
	return nil
}

// ThreadCard returns the card last answered in a thread, or
// bot.ErrNotFound.
func (s *Store) ThreadCard(ctx context.Context, t bot.Thread) (string, error) {
	var id string
	err := s.queryRow(ctx, `SELECT card_id FROM threads
		WHERE platform = $1 AND workspace = $2 AND channel = $3 AND thread_id = $4`,
		t.Platform, t.Workspace, t.Channel, t.ID).Scan(&id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", bot.ErrNotFound
	case err != nil:
		return "", fmt.Errorf("thread card: %w", err)
	}
	return id, nil
}

// PurgeConversations deletes events and threads older than before.
func (s *Store) PurgeConversations(ctx context.Context, before time.Time) (int, error) {
	total := 0
	for _, q := range []string{
		`DELETE FROM events_seen WHERE seen_at < $1`,
		`DELETE FROM threads WHERE answered_at < $1`,
	} {
		n, err := s.count(ctx, "purge conversations", q, s.d.timeArg(before))
		if err != nil {
			return total, err
		}
		total += int(n)
	}
	return total, nil
}
