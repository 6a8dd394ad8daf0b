package main

import (
	"context"
	"errors"
	"time"

	"github.com/sdbot/sdbot/bot"
)

// meteredStore counts failed store operations, and the feedback that
// reaches the store: votes cast or changed, and unanswered questions.
// ErrNotFound is an answer, not a failure, and is not counted.
type meteredStore struct {
	bot.Store
	m *metrics
}

func (s meteredStore) obs(op string, err error) error {
	if err != nil && !errors.Is(err, bot.ErrNotFound) {
		s.m.storeErrs.WithLabelValues(op).Inc()
	}
	return err
}

func (s meteredStore) PutSubscription(ctx context.Context, sub bot.Subscription) error {
	return s.obs("put_subscription", s.Store.PutSubscription(ctx, sub))
}

func (s meteredStore) DeleteSubscription(ctx context.Context, id string) (bool, error) {
	ok, err := s.Store.DeleteSubscription(ctx, id)
	return ok, s.obs("delete_subscription", err)
}

func (s meteredStore) Subscription(ctx context.Context, id string) (bot.Subscription, error) {
	sub, err := s.Store.Subscription(ctx, id)
	return sub, s.obs("subscription", err)
}

func (s meteredStore) Subscriptions(ctx context.Context) ([]bot.Subscription, error) {
	subs, err := s.Store.Subscriptions(ctx)
	return subs, s.obs("subscriptions", err)
}

func (s meteredStore) Claim(ctx context.Context, p bot.Post) (bool, error) {
	ok, err := s.Store.Claim(ctx, p)
	return ok, s.obs("claim", err)
}

func (s meteredStore) MarkPosted(ctx context.Context, sub, date, msg, perr string) error {
	return s.obs("mark_posted", s.Store.MarkPosted(ctx, sub, date, msg, perr))
}

func (s meteredStore) Posts(ctx context.Context, sub string) ([]bot.Post, error) {
	p, err := s.Store.Posts(ctx, sub)
	return p, s.obs("posts", err)
}

func (s meteredStore) RecordAnswer(ctx context.Context, a bot.QuizAnswer) (bool, error) {
	ok, err := s.Store.RecordAnswer(ctx, a)
	return ok, s.obs("record_answer", err)
}

func (s meteredStore) QuizAnswers(ctx context.Context, scope, quiz, round string) ([]bot.QuizAnswer, error) {
	a, err := s.Store.QuizAnswers(ctx, scope, quiz, round)
	return a, s.obs("quiz_answers", err)
}

func (s meteredStore) Answers(ctx context.Context, scope string, since time.Time) ([]bot.QuizAnswer, error) {
	a, err := s.Store.Answers(ctx, scope, since)
	return a, s.obs("answers", err)
}

func (s meteredStore) PutReview(ctx context.Context, r bot.Review) error {
	return s.obs("put_review", s.Store.PutReview(ctx, r))
}

func (s meteredStore) DeleteReview(ctx context.Context, user, quiz string) error {
	return s.obs("delete_review", s.Store.DeleteReview(ctx, user, quiz))
}

func (s meteredStore) Review(ctx context.Context, user, quiz string) (bot.Review, bool, error) {
	r, ok, err := s.Store.Review(ctx, user, quiz)
	return r, ok, s.obs("review", err)
}

func (s meteredStore) DueReviews(ctx context.Context, user string, now time.Time) ([]bot.Review, error) {
	r, err := s.Store.DueReviews(ctx, user, now)
	return r, s.obs("due_reviews", err)
}

func (s meteredStore) Ping(ctx context.Context) error {
	return s.obs("ping", s.Store.Ping(ctx))
}

func (s meteredStore) RecordVote(ctx context.Context, v bot.Vote) (string, error) {
	prev, err := s.Store.RecordVote(ctx, v)
	if err == nil && prev != v.Value {
		s.m.feedback.WithLabelValues(v.Value).Inc()
	}
	return prev, s.obs("record_vote", err)
}

func (s meteredStore) Votes(ctx context.Context, since time.Time) ([]bot.Vote, error) {
	v, err := s.Store.Votes(ctx, since)
	return v, s.obs("votes", err)
}

func (s meteredStore) RecordUnanswered(ctx context.Context, u bot.Unanswered) error {
	err := s.Store.RecordUnanswered(ctx, u)
	if err == nil {
		s.m.unanswered.Inc()
	}
	return s.obs("record_unanswered", err)
}

func (s meteredStore) UnansweredSince(ctx context.Context, since time.Time) ([]bot.Unanswered, error) {
	u, err := s.Store.UnansweredSince(ctx, since)
	return u, s.obs("unanswered_since", err)
}

func (s meteredStore) PurgeQuestions(ctx context.Context, before time.Time) (int, error) {
	n, err := s.Store.PurgeQuestions(ctx, before)
	return n, s.obs("purge_questions", err)
}
