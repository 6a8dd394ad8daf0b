package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/sdbot/sdbot/bot"
)

// PutSubscription creates or replaces a subscription.
func (s *Store) PutSubscription(ctx context.Context, sub bot.Subscription) error {
	_, err := s.exec(ctx, `INSERT INTO subscriptions
		(id, platform, workspace, channel, local_time, tz, days, track, thread, created_by, created_at, updated_at,
		kind, failures, paused)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
		ON CONFLICT (id) DO UPDATE SET platform = excluded.platform, workspace = excluded.workspace,
		channel = excluded.channel, local_time = excluded.local_time, tz = excluded.tz, days = excluded.days,
		track = excluded.track, thread = excluded.thread, created_by = excluded.created_by,
		created_at = excluded.created_at, updated_at = excluded.updated_at,
		kind = excluded.kind, failures = excluded.failures, paused = excluded.paused`,
		sub.ID, sub.Platform, sub.Workspace, sub.Channel, sub.Time, sub.TZ, int(sub.Days), sub.Track,
		sub.Thread, sub.CreatedBy, s.d.timeArg(sub.CreatedAt), s.d.timeArg(sub.UpdatedAt),
		string(sub.Kind), sub.Failures, sub.Paused)
	if err != nil {
		return fmt.Errorf("put subscription: %w", err)
	}
	return nil
}

// DeleteSubscription removes a subscription.
func (s *Store) DeleteSubscription(ctx context.Context, id string) (bool, error) {
	n, err := s.count(ctx, "delete subscription", `DELETE FROM subscriptions WHERE id = $1`, id)
	return n > 0, err
}

// SetFailures records how many daily posts in a row failed for lack of
// access and whether that paused the subscription, changing nothing else:
// a subscribe made meanwhile keeps its own settings.
func (s *Store) SetFailures(ctx context.Context, id string, failures int, paused bool) error {
	if _, err := s.exec(ctx, `UPDATE subscriptions SET failures = $1, paused = $2 WHERE id = $3`, failures, paused, id); err != nil {
		return fmt.Errorf("set subscription failures: %w", err)
	}
	return nil
}

const subColumns = `id, platform, workspace, channel, local_time, tz, days, track, thread, created_by, created_at, updated_at, kind, failures, paused`

func scanSub(row scanner) (bot.Subscription, error) {
	var sub bot.Subscription
	var days int
	var kind string
	err := row.Scan(&sub.ID, &sub.Platform, &sub.Workspace, &sub.Channel, &sub.Time, &sub.TZ, &days,
		&sub.Track, &sub.Thread, &sub.CreatedBy, timeDest(&sub.CreatedAt), timeDest(&sub.UpdatedAt),
		&kind, &sub.Failures, &sub.Paused)
	sub.Days = bot.Weekdays(days)
	sub.Kind = bot.PlaceKind(kind)
	return sub, err
}

// Subscription returns one subscription, or bot.ErrNotFound.
func (s *Store) Subscription(ctx context.Context, id string) (bot.Subscription, error) {
	sub, err := scanSub(s.queryRow(ctx, `SELECT `+subColumns+` FROM subscriptions WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return sub, bot.ErrNotFound
	}
	if err != nil {
		return sub, fmt.Errorf("get subscription: %w", err)
	}
	return sub, nil
}

// Subscriptions returns all subscriptions by id.
func (s *Store) Subscriptions(ctx context.Context) ([]bot.Subscription, error) {
	return list(ctx, s, "subscriptions", scanSub, `SELECT `+subColumns+` FROM subscriptions ORDER BY id`)
}
