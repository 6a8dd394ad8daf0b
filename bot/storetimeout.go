package bot

import (
	"context"
	"time"
)

// timedStore gives every store call a deadline of its own, shorter than
// any request's: a database that hangs instead of refusing then costs a
// command d, not the request's whole budget, and the reply still goes out.
type timedStore struct {
	Store
	d time.Duration
}

func (s timedStore) ctx(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, s.d)
}

func (s timedStore) PutSubscription(ctx context.Context, sub Subscription) error {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	return s.Store.PutSubscription(ctx, sub)
}

func (s timedStore) DeleteSubscription(ctx context.Context, id string) (bool, error) {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	return s.Store.DeleteSubscription(ctx, id)
}

func (s timedStore) Subscription(ctx context.Context, id string) (Subscription, error) {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	return s.Store.Subscription(ctx, id)
}

func (s timedStore) Subscriptions(ctx context.Context) ([]Subscription, error) {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	return s.Store.Subscriptions(ctx)
}

func (s timedStore) SetFailures(ctx context.Context, id string, failures int, paused bool) error {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	return s.Store.SetFailures(ctx, id, failures, paused)
}

func (s timedStore) Claim(ctx context.Context, p Post) (bool, error) {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	return s.Store.Claim(ctx, p)
}

func (s timedStore) MarkPosted(ctx context.Context, sub, date, messageID, postErr string) error {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	return s.Store.MarkPosted(ctx, sub, date, messageID, postErr)
}

func (s timedStore) Posts(ctx context.Context, sub string) ([]Post, error) {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	return s.Store.Posts(ctx, sub)
}

func (s timedStore) RecordAnswer(ctx context.Context, a QuizAnswer) (bool, error) {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	return s.Store.RecordAnswer(ctx, a)
}

func (s timedStore) QuizAnswers(ctx context.Context, scope, quizID, round string) ([]QuizAnswer, error) {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	return s.Store.QuizAnswers(ctx, scope, quizID, round)
}

func (s timedStore) Answers(ctx context.Context, scope string, since time.Time) ([]QuizAnswer, error) {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	return s.Store.Answers(ctx, scope, since)
}

func (s timedStore) PutReview(ctx context.Context, r Review) error {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	return s.Store.PutReview(ctx, r)
}

func (s timedStore) Review(ctx context.Context, user, quizID string) (Review, bool, error) {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	return s.Store.Review(ctx, user, quizID)
}

func (s timedStore) DeleteReview(ctx context.Context, user, quizID string) error {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	return s.Store.DeleteReview(ctx, user, quizID)
}

func (s timedStore) DueReviews(ctx context.Context, user string, now time.Time) ([]Review, error) {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	return s.Store.DueReviews(ctx, user, now)
}

func (s timedStore) Ping(ctx context.Context) error {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	return s.Store.Ping(ctx)
}
