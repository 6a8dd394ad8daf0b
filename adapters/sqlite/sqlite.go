// Package sqlite is the embedded bot.Store: one SQLite file under the data
// directory, in WAL mode, on modernc.org/sqlite (no cgo). Several processes
// may share the file; SQLite's locking makes each claim atomic.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/sdbot/sdbot/bot"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

var _ bot.Store = (*Store)(nil)

// Store is a bot.Store in one SQLite database file.
type Store struct {
	db *sql.DB
}

// FileName is the database file's name inside the data directory.
const FileName = "sdbot.db"

// Open opens (creating if needed) the store in dir and migrates it.
func Open(ctx context.Context, dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	return OpenFile(ctx, filepath.Join(dir, FileName))
}

// OpenFile opens the store in one database file and migrates it.
func OpenFile(ctx context.Context, path string) (*Store, error) {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db.SetMaxOpenConns(4)
	s := &Store{db: db}
	if err := s.migrate(ctx); err != nil {
		db.Close()
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
		days INTEGER NOT NULL,
		track TEXT NOT NULL,
		thread INTEGER NOT NULL,
		created_by TEXT NOT NULL,
		created_at INTEGER NOT NULL,
		updated_at INTEGER NOT NULL
	);
	CREATE TABLE posts (
		subscription_id TEXT NOT NULL,
		local_date TEXT NOT NULL,
		card_id TEXT NOT NULL,
		cycle INTEGER NOT NULL,
		claimed_by TEXT NOT NULL,
		claimed_at INTEGER NOT NULL,
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
		correct INTEGER NOT NULL,
		answered_at INTEGER NOT NULL,
		local_date TEXT NOT NULL,
		PRIMARY KEY (scope, quiz_id, round, user_id)
	);
	CREATE INDEX quiz_answers_scope_time ON quiz_answers (scope, answered_at);
	CREATE TABLE reviews (
		user_key TEXT NOT NULL,
		quiz_id TEXT NOT NULL,
		step INTEGER NOT NULL,
		due_at INTEGER NOT NULL,
		PRIMARY KEY (user_key, quiz_id)
	);`,
}

func (s *Store) migrate(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, nil) // BEGIN IMMEDIATE: one migrator at a time
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	var have int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&have); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if have > len(migrations) {
		return fmt.Errorf("migrate: the database is at version %d, newer than this sdbot (%d)", have, len(migrations))
	}
	for v := have + 1; v <= len(migrations); v++ {
		if _, err := tx.ExecContext(ctx, migrations[v-1]); err != nil {
			return fmt.Errorf("migration %d: %w", v, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`, v, time.Now().Unix()); err != nil {
			return fmt.Errorf("migration %d: %w", v, err)
		}
	}
	return tx.Commit()
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Ping checks the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// PutSubscription creates or replaces a subscription.
func (s *Store) PutSubscription(ctx context.Context, sub bot.Subscription) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO subscriptions
		(id, platform, workspace, channel, local_time, tz, days, track, thread, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET platform = excluded.platform, workspace = excluded.workspace,
		channel = excluded.channel, local_time = excluded.local_time, tz = excluded.tz, days = excluded.days,
		track = excluded.track, thread = excluded.thread, created_by = excluded.created_by,
		created_at = excluded.created_at, updated_at = excluded.updated_at`,
		sub.ID, sub.Platform, sub.Workspace, sub.Channel, sub.Time, sub.TZ, int(sub.Days), sub.Track,
		sub.Thread, sub.CreatedBy, sub.CreatedAt.UnixMilli(), sub.UpdatedAt.UnixMilli())
	if err != nil {
		return fmt.Errorf("put subscription: %w", err)
	}
	return nil
}

// DeleteSubscription removes a subscription.
func (s *Store) DeleteSubscription(ctx context.Context, id string) (bool, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM subscriptions WHERE id = ?`, id)
	if err != nil {
		return false, fmt.Errorf("delete subscription: %w", err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

const subColumns = `id, platform, workspace, channel, local_time, tz, days, track, thread, created_by, created_at, updated_at`

type scanner interface{ Scan(...any) error }

func scanSub(row scanner) (bot.Subscription, error) {
	var sub bot.Subscription
	var days int
	var created, updated int64
	err := row.Scan(&sub.ID, &sub.Platform, &sub.Workspace, &sub.Channel, &sub.Time, &sub.TZ, &days,
		&sub.Track, &sub.Thread, &sub.CreatedBy, &created, &updated)
	sub.Days = bot.Weekdays(days)
	sub.CreatedAt, sub.UpdatedAt = time.UnixMilli(created).UTC(), time.UnixMilli(updated).UTC()
	return sub, err
}

// Subscription returns one subscription.
func (s *Store) Subscription(ctx context.Context, id string) (bot.Subscription, error) {
	sub, err := scanSub(s.db.QueryRowContext(ctx, `SELECT `+subColumns+` FROM subscriptions WHERE id = ?`, id))
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
	rows, err := s.db.QueryContext(ctx, `SELECT `+subColumns+` FROM subscriptions ORDER BY id`)
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

// Claim inserts the post's row; the primary key lets exactly one claimer
// in, across goroutines and processes.
func (s *Store) Claim(ctx context.Context, p bot.Post) (bool, error) {
	res, err := s.db.ExecContext(ctx, `INSERT INTO posts
		(subscription_id, local_date, card_id, cycle, claimed_by, claimed_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (subscription_id, local_date) DO NOTHING`,
		p.Subscription, p.Date, p.CardID, p.Cycle, p.ClaimedBy, p.ClaimedAt.UnixMilli())
	if err != nil {
		return false, fmt.Errorf("claim: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// MarkPosted records how a claimed post went.
func (s *Store) MarkPosted(ctx context.Context, sub, date, messageID, postErr string) error {
	_, err := s.db.ExecContext(ctx, `UPDATE posts SET message_id = ?, error = ? WHERE subscription_id = ? AND local_date = ?`,
		messageID, postErr, sub, date)
	if err != nil {
		return fmt.Errorf("mark posted: %w", err)
	}
	return nil
}

// Posts returns a subscription's posts by date.
func (s *Store) Posts(ctx context.Context, sub string) ([]bot.Post, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT subscription_id, local_date, card_id, cycle, claimed_by, claimed_at, message_id, error
		FROM posts WHERE subscription_id = ? ORDER BY local_date`, sub)
	if err != nil {
		return nil, fmt.Errorf("list posts: %w", err)
	}
	defer rows.Close()
	var out []bot.Post
	for rows.Next() {
		var p bot.Post
		var claimed int64
		if err := rows.Scan(&p.Subscription, &p.Date, &p.CardID, &p.Cycle, &p.ClaimedBy, &claimed, &p.MessageID, &p.Error); err != nil {
			return nil, fmt.Errorf("list posts: %w", err)
		}
		p.ClaimedAt = time.UnixMilli(claimed).UTC()
		out = append(out, p)
	}
	return out, rows.Err()
}

// RecordAnswer stores a user's first answer to a quiz round.
func (s *Store) RecordAnswer(ctx context.Context, a bot.QuizAnswer) (bool, error) {
	res, err := s.db.ExecContext(ctx, `INSERT INTO quiz_answers
		(scope, quiz_id, round, user_id, user_name, choice, correct, answered_at, local_date)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
		a.Scope, a.QuizID, a.Round, a.UserID, a.UserName, a.Choice, a.Correct, a.At.UnixMilli(), a.Date)
	if err != nil {
		return false, fmt.Errorf("record answer: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

const answerColumns = `scope, quiz_id, round, user_id, user_name, choice, correct, answered_at, local_date`

func (s *Store) queryAnswers(ctx context.Context, q string, args ...any) ([]bot.QuizAnswer, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list answers: %w", err)
	}
	defer rows.Close()
	var out []bot.QuizAnswer
	for rows.Next() {
		var a bot.QuizAnswer
		var at int64
		if err := rows.Scan(&a.Scope, &a.QuizID, &a.Round, &a.UserID, &a.UserName, &a.Choice, &a.Correct, &at, &a.Date); err != nil {
			return nil, fmt.Errorf("list answers: %w", err)
		}
		a.At = time.UnixMilli(at).UTC()
		out = append(out, a)
	}
	return out, rows.Err()
}

// QuizAnswers returns the answers to one round of a quiz in a channel.
func (s *Store) QuizAnswers(ctx context.Context, scope, quizID, round string) ([]bot.QuizAnswer, error) {
	return s.queryAnswers(ctx, `SELECT `+answerColumns+` FROM quiz_answers
		WHERE scope = ? AND quiz_id = ? AND round = ? ORDER BY answered_at, user_id`, scope, quizID, round)
}

// Answers returns a channel's answers since a time.
func (s *Store) Answers(ctx context.Context, scope string, since time.Time) ([]bot.QuizAnswer, error) {
	return s.queryAnswers(ctx, `SELECT `+answerColumns+` FROM quiz_answers
		WHERE scope = ? AND answered_at >= ? ORDER BY answered_at, user_id`, scope, since.UnixMilli())
}

// PutReview creates or replaces a review.
func (s *Store) PutReview(ctx context.Context, r bot.Review) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO reviews (user_key, quiz_id, step, due_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (user_key, quiz_id) DO UPDATE SET step = excluded.step, due_at = excluded.due_at`,
		r.User, r.QuizID, r.Step, r.Due.UnixMilli())
	if err != nil {
		return fmt.Errorf("put review: %w", err)
	}
	return nil
}

// DeleteReview drops a review.
func (s *Store) DeleteReview(ctx context.Context, user, quizID string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM reviews WHERE user_key = ? AND quiz_id = ?`, user, quizID); err != nil {
		return fmt.Errorf("delete review: %w", err)
	}
	return nil
}

// Review returns a user's review of a quiz, if there is one.
func (s *Store) Review(ctx context.Context, user, quizID string) (bot.Review, bool, error) {
	r := bot.Review{User: user, QuizID: quizID}
	var due int64
	err := s.db.QueryRowContext(ctx, `SELECT step, due_at FROM reviews WHERE user_key = ? AND quiz_id = ?`, user, quizID).Scan(&r.Step, &due)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return bot.Review{}, false, nil
	case err != nil:
		return bot.Review{}, false, fmt.Errorf("get review: %w", err)
	}
	r.Due = time.UnixMilli(due).UTC()
	return r, true, nil
}

// DueReviews returns a user's reviews due by now.
func (s *Store) DueReviews(ctx context.Context, user string, now time.Time) ([]bot.Review, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT user_key, quiz_id, step, due_at FROM reviews
		WHERE user_key = ? AND due_at <= ? ORDER BY due_at, quiz_id`, user, now.UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("list reviews: %w", err)
	}
	defer rows.Close()
	var out []bot.Review
	for rows.Next() {
		var r bot.Review
		var due int64
		if err := rows.Scan(&r.User, &r.QuizID, &r.Step, &due); err != nil {
			return nil, fmt.Errorf("list reviews: %w", err)
		}
		r.Due = time.UnixMilli(due).UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}
