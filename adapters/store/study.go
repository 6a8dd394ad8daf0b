package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/sdbot/sdbot/bot"
)

// RecordAnswer stores a user's first answer to a quiz round.
func (s *Store) RecordAnswer(ctx context.Context, a bot.QuizAnswer) (bool, error) {
	n, err := s.count(ctx, "record answer", `INSERT INTO quiz_answers
		(scope, quiz_id, round, user_id, user_name, choice, correct, answered_at, local_date)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
		a.Scope, a.QuizID, a.Round, a.UserID, a.UserName, a.Choice, a.Correct, s.d.timeArg(a.At), a.Date)
	return n == 1, err
}

const answerColumns = `scope, quiz_id, round, user_id, user_name, choice, correct, answered_at, local_date`

func scanAnswer(row scanner) (bot.QuizAnswer, error) {
	var a bot.QuizAnswer
	err := row.Scan(&a.Scope, &a.QuizID, &a.Round, &a.UserID, &a.UserName, &a.Choice, &a.Correct, timeDest(&a.At), &a.Date)
	return a, err
}

// QuizAnswers returns the answers to one round of a quiz in a channel.
func (s *Store) QuizAnswers(ctx context.Context, scope, quizID, round string) ([]bot.QuizAnswer, error) {
	return list(ctx, s, "answers", scanAnswer, `SELECT `+answerColumns+` FROM quiz_answers
		WHERE scope = $1 AND quiz_id = $2 AND round = $3 ORDER BY answered_at, user_id`, scope, quizID, round)
}

// Answers returns a channel's answers since a time.
func (s *Store) Answers(ctx context.Context, scope string, since time.Time) ([]bot.QuizAnswer, error) {
	return list(ctx, s, "answers", scanAnswer, `SELECT `+answerColumns+` FROM quiz_answers
		WHERE scope = $1 AND answered_at >= $2 ORDER BY answered_at, user_id`, scope, s.d.timeArg(since))
}

// PutReview creates or replaces a review.
func (s *Store) PutReview(ctx context.Context, r bot.Review) error {
	_, err := s.exec(ctx, `INSERT INTO reviews (user_key, quiz_id, step, due_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (user_key, quiz_id) DO UPDATE SET step = excluded.step, due_at = excluded.due_at`,
		r.User, r.QuizID, r.Step, s.d.timeArg(r.Due))
	if err != nil {
		return fmt.Errorf("put review: %w", err)
	}
	return nil
}

// DeleteReview drops a review.
func (s *Store) DeleteReview(ctx context.Context, user, quizID string) error {
	if _, err := s.exec(ctx, `DELETE FROM reviews WHERE user_key = $1 AND quiz_id = $2`, user, quizID); err != nil {
		return fmt.Errorf("delete review: %w", err)
	}
	return nil
}

func scanReview(row scanner) (bot.Review, error) {
	var r bot.Review
	err := row.Scan(&r.User, &r.QuizID, &r.Step, timeDest(&r.Due))
	return r, err
}

// Review returns a user's review of a quiz, if there is one.
func (s *Store) Review(ctx context.Context, user, quizID string) (bot.Review, bool, error) {
	r, err := scanReview(s.queryRow(ctx, `SELECT user_key, quiz_id, step, due_at FROM reviews
		WHERE user_key = $1 AND quiz_id = $2`, user, quizID))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return bot.Review{}, false, nil
	case err != nil:
		return bot.Review{}, false, fmt.Errorf("get review: %w", err)
	}
	return r, true, nil
}

// DueReviews returns a user's reviews due by now.
func (s *Store) DueReviews(ctx context.Context, user string, now time.Time) ([]bot.Review, error) {
	return list(ctx, s, "reviews", scanReview, `SELECT user_key, quiz_id, step, due_at FROM reviews
		WHERE user_key = $1 AND due_at <= $2 ORDER BY due_at, quiz_id`, user, s.d.timeArg(now))
}
