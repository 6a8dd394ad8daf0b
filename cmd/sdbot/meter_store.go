package main

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	"github.com/sdbot/sdbot/bot"
)

// errStoreStarting is what store calls return until the store has been
// opened: serve starts without it and keeps trying in the background.
var errStoreStarting = errors.New("store not open yet")

// storeBox holds the opened store; the pointer to it stays nil until then.
type storeBox struct{ bot.Store }

// meteredStore is the store the bot sees: the one opened in the
// background once it is (errStoreStarting before), with failed operations
// counted, and the feedback that reaches it: votes cast or changed, and
// unanswered questions. ErrNotFound is an answer, not a failure, and is
// not counted.
type meteredStore struct {
	box *atomic.Pointer[storeBox]
	m   *metrics
}

// metered runs call on the open store and counts its failure under op.
func metered[T any](s meteredStore, op string, call func(bot.Store) (T, error)) (T, error) {
	var v T
	err := errStoreStarting
	if box := s.box.Load(); box != nil {
		v, err = call(box.Store)
	}
	if err != nil && !errors.Is(err, bot.ErrNotFound) {
		s.m.storeErrs.WithLabelValues(op).Inc()
	}
	return v, err
}

// none adapts a call that returns only an error to metered.
func none(err error) (struct{}, error) { return struct{}{}, err }

func (s meteredStore) PutSubscription(ctx context.Context, sub bot.Subscription) error {
	_, err := metered(s, "put_subscription", func(st bot.Store) (struct{}, error) { return none(st.PutSubscription(ctx, sub)) })
	return err
}

func (s meteredStore) DeleteSubscription(ctx context.Context, id string) (bool, error) {
	return metered(s, "delete_subscription", func(st bot.Store) (bool, error) { return st.DeleteSubscription(ctx, id) })
}

func (s meteredStore) Subscription(ctx context.Context, id string) (bot.Subscription, error) {
	return metered(s, "subscription", func(st bot.Store) (bot.Subscription, error) { return st.Subscription(ctx, id) })
}

func (s meteredStore) SetFailures(ctx context.Context, id string, failures int, paused bool) error {
	_, err := metered(s, "set_failures", func(st bot.Store) (struct{}, error) { return none(st.SetFailures(ctx, id, failures, paused)) })
	return err
}

func (s meteredStore) Subscriptions(ctx context.Context) ([]bot.Subscription, error) {
	return metered(s, "subscriptions", func(st bot.Store) ([]bot.Subscription, error) { return st.Subscriptions(ctx) })
}

func (s meteredStore) Claim(ctx context.Context, p bot.Post) (bool, error) {
	return metered(s, "claim", func(st bot.Store) (bool, error) { return st.Claim(ctx, p) })
}

func (s meteredStore) MarkPosted(ctx context.Context, sub, date, msg, perr string) error {
	_, err := metered(s, "mark_posted", func(st bot.Store) (struct{}, error) { return none(st.MarkPosted(ctx, sub, date, msg, perr)) })
	return err
}

func (s meteredStore) Posts(ctx context.Context, sub string) ([]bot.Post, error) {
	return metered(s, "posts", func(st bot.Store) ([]bot.Post, error) { return st.Posts(ctx, sub) })
}

func (s meteredStore) RecordAnswer(ctx context.Context, a bot.QuizAnswer) (bool, error) {
	return metered(s, "record_answer", func(st bot.Store) (bool, error) { return st.RecordAnswer(ctx, a) })
}

func (s meteredStore) QuizAnswers(ctx context.Context, scope, quiz, round string) ([]bot.QuizAnswer, error) {
	return metered(s, "quiz_answers", func(st bot.Store) ([]bot.QuizAnswer, error) { return st.QuizAnswers(ctx, scope, quiz, round) })
}

func (s meteredStore) Answers(ctx context.Context, scope string, since time.Time) ([]bot.QuizAnswer, error) {
	return metered(s, "answers", func(st bot.Store) ([]bot.QuizAnswer, error) { return st.Answers(ctx, scope, since) })
}

func (s meteredStore) PutReview(ctx context.Context, r bot.Review) error {
	_, err := metered(s, "put_review", func(st bot.Store) (struct{}, error) { return none(st.PutReview(ctx, r)) })
	return err
}

func (s meteredStore) DeleteReview(ctx context.Context, user, quiz string) error {
	_, err := metered(s, "delete_review", func(st bot.Store) (struct{}, error) { return none(st.DeleteReview(ctx, user, quiz)) })
	return err
}

func (s meteredStore) Review(ctx context.Context, user, quiz string) (bot.Review, bool, error) {
	type found struct {
		r  bot.Review
		ok bool
	}
	f, err := metered(s, "review", func(st bot.Store) (found, error) {
		r, ok, err := st.Review(ctx, user, quiz)
		return found{r, ok}, err
	})
	return f.r, f.ok, err
}

func (s meteredStore) DueReviews(ctx context.Context, user string, now time.Time) ([]bot.Review, error) {
	return metered(s, "due_reviews", func(st bot.Store) ([]bot.Review, error) { return st.DueReviews(ctx, user, now) })
}

func (s meteredStore) Ping(ctx context.Context) error {
	_, err := metered(s, "ping", func(st bot.Store) (struct{}, error) { return none(st.Ping(ctx)) })
	return err
}

func (s meteredStore) RecordVote(ctx context.Context, v bot.Vote) (string, error) {
	prev, err := metered(s, "record_vote", func(st bot.Store) (string, error) { return st.RecordVote(ctx, v) })
	if err == nil && prev != v.Value {
		s.m.feedback.WithLabelValues(v.Value).Inc()
	}
	return prev, err
}

func (s meteredStore) Votes(ctx context.Context, since time.Time) ([]bot.Vote, error) {
	return metered(s, "votes", func(st bot.Store) ([]bot.Vote, error) { return st.Votes(ctx, since) })
}

func (s meteredStore) RecordUnanswered(ctx context.Context, u bot.Unanswered) error {
	_, err := metered(s, "record_unanswered", func(st bot.Store) (struct{}, error) { return none(st.RecordUnanswered(ctx, u)) })
	if err == nil {
		s.m.unanswered.Inc()
	}
	return err
}

func (s meteredStore) UnansweredSince(ctx context.Context, since time.Time) ([]bot.Unanswered, error) {
	return metered(s, "unanswered_since", func(st bot.Store) ([]bot.Unanswered, error) { return st.UnansweredSince(ctx, since) })
}

func (s meteredStore) PurgeQuestions(ctx context.Context, before time.Time) (int, error) {
	return metered(s, "purge_questions", func(st bot.Store) (int, error) { return st.PurgeQuestions(ctx, before) })
}

// Close is a no-op: serve closes the opened store itself at shutdown.
func (s meteredStore) Close() error { return nil }
