package store

import (
	"context"
	"fmt"

	"github.com/sdbot/sdbot/bot"
)

// Claim inserts the post's row; the primary key lets exactly one claimer
// in, across goroutines, processes and replicas.
func (s *Store) Claim(ctx context.Context, p bot.Post) (bool, error) {
	n, err := s.count(ctx, "claim", `INSERT INTO posts
		(subscription_id, local_date, card_id, cycle, claimed_by, claimed_at)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (subscription_id, local_date) DO NOTHING`,
		p.Subscription, p.Date, p.CardID, p.Cycle, p.ClaimedBy, s.d.timeArg(p.ClaimedAt))
	return n == 1, err
}

// MarkPosted records how a claimed post went.
func (s *Store) MarkPosted(ctx context.Context, sub, date, messageID, postErr string) error {
	_, err := s.exec(ctx, `UPDATE posts SET message_id = $1, error = $2 WHERE subscription_id = $3 AND local_date = $4`,
		messageID, postErr, sub, date)
	if err != nil {
		return fmt.Errorf("mark posted: %w", err)
	}
	return nil
}

func scanPost(row scanner) (bot.Post, error) {
	var p bot.Post
	err := row.Scan(&p.Subscription, &p.Date, &p.CardID, &p.Cycle, &p.ClaimedBy, timeDest(&p.ClaimedAt), &p.MessageID, &p.Error)
	return p, err
}

// Posts returns a subscription's posts by date.
func (s *Store) Posts(ctx context.Context, sub string) ([]bot.Post, error) {
	return list(ctx, s, "posts", scanPost, `SELECT subscription_id, local_date, card_id, cycle, claimed_by, claimed_at, message_id, error
		FROM posts WHERE subscription_id = $1 ORDER BY local_date`, sub)
}
