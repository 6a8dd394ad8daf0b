// Package postgres is the bot.Store for several replicas, on PostgreSQL
// through pgx v5. A claim is a row under a primary key, so exactly one
// replica wins each (subscription, day).
package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/sdbot/sdbot/bot"
)

var _ bot.Store = (*Store)(nil)

// Store is a bot.Store in PostgreSQL.
type Store struct {
	pool *pgxpool.Pool
}

// migrationLock is the advisory lock id that serialises migrations when
// several replicas start at once.
const migrationLock = 0x5d_b0_7001

// Open connects to url (postgres://...) and migrates the schema. Errors
// never include the URL, which may hold a password.
func Open(ctx context.Context, url string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, errors.New("database_url is not a valid PostgreSQL URL")
	}
	cfg.MaxConns = 8
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect to PostgreSQL: %w", err)
	}
	s := &Store{pool: pool}
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return s, nil
}

// migrations are applied in order, each once; never edit a released one.
var migrations = []string{
	`CREATE TABLE subscriptions (
		id TEXT PRIMARY KEY,
		platform TEXT NOT NULL,
		workspace TEXT NOT NULL,
		channel TEXT NOT NULL,
		local_time TEXT NOT NULL,
		tz TEXT NOT NULL,
		days SMALLINT NOT NULL,
		track TEXT NOT NULL,
		thread BOOLEAN NOT NULL,
		created_by TEXT NOT NULL,
		created_at TIMESTAMPTZ NOT NULL,
		updated_at TIMESTAMPTZ NOT NULL
	);
	CREATE TABLE posts (
		subscription_id TEXT NOT NULL,
		local_date TEXT NOT NULL,
		card_id TEXT NOT NULL,
		cycle INTEGER NOT NULL,
		claimed_by TEXT NOT NULL,
		claimed_at TIMESTAMPTZ NOT NULL,
		message_id TEXT NOT NULL DEFAULT '',
		error TEXT NOT NULL DEFAULT '',
		PRIMARY KEY (subscription_id, local_date)
	);`,
	`CREATE TABLE quiz_answers (
		scope TEXT NOT NULL,
		quiz_id TEXT NOT NULL,
		round TEXT NOT NULL,
		user_id TEXT NOT NULL,
		user_name TEXT NOT NULL,
		choice INTEGER NOT NULL,
		correct BOOLEAN NOT NULL,
		answered_at TIMESTAMPTZ NOT NULL,
		local_date TEXT NOT NULL,
		PRIMARY KEY (scope, quiz_id, round, user_id)
	);
	CREATE INDEX quiz_answers_scope_time ON quiz_answers (scope, answered_at);
	CREATE TABLE reviews (
		user_key TEXT NOT NULL,
		quiz_id TEXT NOT NULL,
		step INTEGER NOT NULL,
		due_at TIMESTAMPTZ NOT NULL,
		PRIMARY KEY (user_key, quiz_id)
	);`,
}

func (s *Store) migrate(ctx context.Context) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, migrationLock); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	var have int
	if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&have); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if have > len(migrations) {
		return fmt.Errorf("migrate: the database is at version %d, newer than this sdbot (%d)", have, len(migrations))
	}
	for v := have + 1; v <= len(migrations); v++ {
		if _, err := tx.Exec(ctx, migrations[v-1]); err != nil {
			return fmt.Errorf("migration %d: %w", v, err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES ($1, now())`, v); err != nil {
			return fmt.Errorf("migration %d: %w", v, err)
		}
	}
	return tx.Commit(ctx)
}

// Close closes the pool.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// Ping checks the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.pool.Ping(ctx) }

// PutSubscription creates or replaces a subscription.
func (s *Store) PutSubscription(ctx context.Context, sub bot.Subscription) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO subscriptions
		(id, platform, workspace, channel, local_time, tz, days, track, thread, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
		ON CONFLICT (id) DO UPDATE SET platform = excluded.platform, workspace = excluded.workspace,
		channel = excluded.channel, local_time = excluded.local_time, tz = excluded.tz, days = excluded.days,
		track = excluded.track, thread = excluded.thread, created_by = excluded.created_by,
		created_at = excluded.created_at, updated_at = excluded.updated_at`,
		sub.ID, sub.Platform, sub.Workspace, sub.Channel, sub.Time, sub.TZ, int16(sub.Days), sub.Track,
		sub.Thread, sub.CreatedBy, sub.CreatedAt, sub.UpdatedAt)
	if err != nil {
		return fmt.Errorf("put subscription: %w", err)
	}
	return nil
}

// DeleteSubscription removes a subscription.
func (s *Store) DeleteSubscription(ctx context.Context, id string) (bool, error) {
	tag, err := s.pool.Exec(ctx, `DELETE FROM subscriptions WHERE id = $1`, id)
	if err != nil {
		return false, fmt.Errorf("delete subscription: %w", err)
	}
	return tag.RowsAffected() > 0, nil
}

const subColumns = `id, platform, workspace, channel, local_time, tz, days, track, thread, created_by, created_at, updated_at`

func scanSub(row pgx.Row) (bot.Subscription, error) {
	var sub bot.Subscription
	var days int16
	err := row.Scan(&sub.ID, &sub.Platform, &sub.Workspace, &sub.Channel, &sub.Time, &sub.TZ, &days,
		&sub.Track, &sub.Thread, &sub.CreatedBy, &sub.CreatedAt, &sub.UpdatedAt)
	sub.Days = bot.Weekdays(days)
	sub.CreatedAt, sub.UpdatedAt = sub.CreatedAt.UTC(), sub.UpdatedAt.UTC()
	return sub, err
}

// Subscription returns one subscription.
func (s *Store) Subscription(ctx context.Context, id string) (bot.Subscription, error) {
	sub, err := scanSub(s.pool.QueryRow(ctx, `SELECT `+subColumns+` FROM subscriptions WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return sub, bot.ErrNotFound
	}
	if err != nil {
		return sub, fmt.Errorf("get subscription: %w", err)
	}
	return sub, nil
}

// Subscriptions returns all subscriptions by id.
func (s *Store) Subscriptions(ctx context.Context) ([]bot.Subscription, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+subColumns+` FROM subscriptions ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list subscriptions: %w", err)
	}
	defer rows.Close()
	var out []bot.Subscription
	for rows.Next() {
		sub, err := scanSub(rows)
		if err != nil {
			return nil, fmt.Errorf("list subscriptions: %w", err)
		}
		out = append(out, sub)
	}
	return out, rows.Err()
}

// Claim inserts the post's row; the primary key lets exactly one replica
// in.
func (s *Store) Claim(ctx context.Context, p bot.Post) (bool, error) {
	tag, err := s.pool.Exec(ctx, `INSERT INTO posts
		(subscription_id, local_date, card_id, cycle, claimed_by, claimed_at)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (subscription_id, local_date) DO NOTHING`,
		p.Subscription, p.Date, p.CardID, p.Cycle, p.ClaimedBy, p.ClaimedAt)
	if err != nil {
		return false, fmt.Errorf("claim: %w", err)
	}
	return tag.RowsAffected() == 1, nil
}

// MarkPosted records how a claimed post went.
func (s *Store) MarkPosted(ctx context.Context, sub, date, messageID, postErr string) error {
	_, err := s.pool.Exec(ctx, `UPDATE posts SET message_id = $1, error = $2 WHERE subscription_id = $3 AND local_date = $4`,
		messageID, postErr, sub, date)
	if err != nil {
		return fmt.Errorf("mark posted: %w", err)
	}
	return nil
}

// Posts returns a subscription's posts by date.
func (s *Store) Posts(ctx context.Context, sub string) ([]bot.Post, error) {
	rows, err := s.pool.Query(ctx, `SELECT subscription_id, local_date, card_id, cycle, claimed_by, claimed_at, message_id, error
		FROM posts WHERE subscription_id = $1 ORDER BY local_date`, sub)
	if err != nil {
		return nil, fmt.Errorf("list posts: %w", err)
	}
	defer rows.Close()
	var out []bot.Post
	for rows.Next() {
		var p bot.Post
		var claimed time.Time
		if err := rows.Scan(&p.Subscription, &p.Date, &p.CardID, &p.Cycle, &p.ClaimedBy, &claimed, &p.MessageID, &p.Error); err != nil {
			return nil, fmt.Errorf("list posts: %w", err)
		}
		p.ClaimedAt = claimed.UTC()
		out = append(out, p)
	}
	return out, rows.Err()
}

// RecordAnswer stores a user's first answer to a quiz round.
func (s *Store) RecordAnswer(ctx context.Context, a bot.QuizAnswer) (bool, error) {
	tag, err := s.pool.Exec(ctx, `INSERT INTO quiz_answers
		(scope, quiz_id, round, user_id, user_name, choice, correct, answered_at, local_date)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
		a.Scope, a.QuizID, a.Round, a.UserID, a.UserName, a.Choice, a.Correct, a.At, a.Date)
	if err != nil {
		return false, fmt.Errorf("record answer: %w", err)
	}
	return tag.RowsAffected() == 1, nil
}

const answerColumns = `scope, quiz_id, round, user_id, user_name, choice, correct, answered_at, local_date`

func (s *Store) queryAnswers(ctx context.Context, q string, args ...any) ([]bot.QuizAnswer, error) {
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list answers: %w", err)
	}
	defer rows.Close()
	var out []bot.QuizAnswer
	for rows.Next() {
		var a bot.QuizAnswer
		if err := rows.Scan(&a.Scope, &a.QuizID, &a.Round, &a.UserID, &a.UserName, &a.Choice, &a.Correct, &a.At, &a.Date); err != nil {
			return nil, fmt.Errorf("list answers: %w", err)
		}
		a.At = a.At.UTC()
		out = append(out, a)
	}
	return out, rows.Err()
}

// QuizAnswers returns the answers to one round of a quiz in a channel.
func (s *Store) QuizAnswers(ctx context.Context, scope, quizID, round string) ([]bot.QuizAnswer, error) {
	return s.queryAnswers(ctx, `SELECT `+answerColumns+` FROM quiz_answers
		WHERE scope = $1 AND quiz_id = $2 AND round = $3 ORDER BY answered_at, user_id`, scope, quizID, round)
}

// Answers returns a channel's answers since a time.
func (s *Store) Answers(ctx context.Context, scope string, since time.Time) ([]bot.QuizAnswer, error) {
	return s.queryAnswers(ctx, `SELECT `+answerColumns+` FROM quiz_answers
		WHERE scope = $1 AND answered_at >= $2 ORDER BY answered_at, user_id`, scope, since)
}

// PutReview creates or replaces a review.
func (s *Store) PutReview(ctx context.Context, r bot.Review) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO reviews (user_key, quiz_id, step, due_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (user_key, quiz_id) DO UPDATE SET step = excluded.step, due_at = excluded.due_at`,
		r.User, r.QuizID, r.Step, r.Due)
	if err != nil {
		return fmt.Errorf("put review: %w", err)
	}
	return nil
}

// DeleteReview drops a review.
func (s *Store) DeleteReview(ctx context.Context, user, quizID string) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM reviews WHERE user_key = $1 AND quiz_id = $2`, user, quizID); err != nil {
		return fmt.Errorf("delete review: %w", err)
	}
	return nil
}

// Review returns a user's review of a quiz, if there is one.
func (s *Store) Review(ctx context.Context, user, quizID string) (bot.Review, bool, error) {
	r := bot.Review{User: user, QuizID: quizID}
	err := s.pool.QueryRow(ctx, `SELECT step, due_at FROM reviews WHERE user_key = $1 AND quiz_id = $2`, user, quizID).Scan(&r.Step, &r.Due)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return bot.Review{}, false, nil
	case err != nil:
		return bot.Review{}, false, fmt.Errorf("get review: %w", err)
	}
	r.Due = r.Due.UTC()
	return r, true, nil
}

// DueReviews returns a user's reviews due by now.
func (s *Store) DueReviews(ctx context.Context, user string, now time.Time) ([]bot.Review, error) {
	rows, err := s.pool.Query(ctx, `SELECT user_key, quiz_id, step, due_at FROM reviews
		WHERE user_key = $1 AND due_at <= $2 ORDER BY due_at, quiz_id`, user, now)
	if err != nil {
		return nil, fmt.Errorf("list reviews: %w", err)
	}
	defer rows.Close()
	var out []bot.Review
	for rows.Next() {
		var r bot.Review
		if err := rows.Scan(&r.User, &r.QuizID, &r.Step, &r.Due); err != nil {
			return nil, fmt.Errorf("list reviews: %w", err)
		}
		r.Due = r.Due.UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}
