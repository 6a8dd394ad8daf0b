package bot

import (
	"context"
	"errors"
	"time"
)

// ErrNotFound is returned by a Store when the record asked for does not
// exist.
var ErrNotFound = errors.New("not found")

// Store keeps the bot's state: subscriptions, the record of daily posts,
// quiz answers, and the feedback curators read in `sdbot report`.
// One adapter, adapters/store, implements it on SQLite and on PostgreSQL,
// and one contract test suite, in package storetest, runs against both.
type Store interface {
	// PutSubscription creates or replaces the subscription with s.ID.
	PutSubscription(ctx context.Context, s Subscription) error
	// DeleteSubscription removes a subscription; false if there was none.
	DeleteSubscription(ctx context.Context, id string) (bool, error)
	// Subscription returns one subscription or ErrNotFound.
	Subscription(ctx context.Context, id string) (Subscription, error)
	// Subscriptions returns every subscription, ordered by id.
	Subscriptions(ctx context.Context) ([]Subscription, error)
	// SetFailures sets a subscription's count of daily posts in a row
	// that failed for lack of access, and whether it is paused, leaving
	// the rest as it is; nothing happens when there is no such
	// subscription.
	SetFailures(ctx context.Context, id string, failures int, paused bool) error

	// Claim records that the caller will make the post p.Subscription's
	// post for p.Date. Exactly one caller per (subscription, date) gets
	// true, however many processes race; the others get false.
	Claim(ctx context.Context, p Post) (bool, error)
	// MarkPosted records the platform message id (or the error) of a
	// claimed post.
	MarkPosted(ctx context.Context, subscription, date, messageID, postErr string) error
	// Posts returns a subscription's posts, oldest first.
	Posts(ctx context.Context, subscription string) ([]Post, error)

	// RecordAnswer stores a user's first answer to a round of a quiz in a
	// channel. It returns false, changing nothing, if the user already
	// answered that round there.
	RecordAnswer(ctx context.Context, a QuizAnswer) (bool, error)
	// QuizAnswers returns the answers to one round of a quiz in a channel.
	QuizAnswers(ctx context.Context, scope, quizID, round string) ([]QuizAnswer, error)
	// Answers returns a channel's answers at or after since, oldest first.
	Answers(ctx context.Context, scope string, since time.Time) ([]QuizAnswer, error)
	// PutReview creates or replaces a user's review of a quiz.
	PutReview(ctx context.Context, r Review) error
	// Review returns a user's review of a quiz; ok is false when there is
	// none.
	Review(ctx context.Context, user, quizID string) (r Review, ok bool, err error)
	// DeleteReview drops a review once it is learned.
	DeleteReview(ctx context.Context, user, quizID string) error
	// DueReviews returns a user's reviews due at or before now, most overdue
	// first.
	DueReviews(ctx context.Context, user string, now time.Time) ([]Review, error)

	// RecordVote stores a user's vote on an answer, replacing the vote the
	// user gave that answer before: one vote per person per answer. It
	// returns the vote it replaced, "" when there was none (equal to
	// v.Value when nothing changed).
	RecordVote(ctx context.Context, v Vote) (previous string, err error)
	// Votes returns the votes cast or changed at or after since, oldest
	// first.
	Votes(ctx context.Context, since time.Time) ([]Vote, error)
	// RecordUnanswered stores a question the bot had no good answer for.
	RecordUnanswered(ctx context.Context, u Unanswered) error
	// UnansweredSince returns the questions asked at or after since,
	// oldest first.
	UnansweredSince(ctx context.Context, since time.Time) ([]Unanswered, error)
	// PurgeQuestions deletes the text of unanswered questions asked before
	// before, keeping the rest of each record for the counts; it returns
	// how many texts it deleted.
	PurgeQuestions(ctx context.Context, before time.Time) (int, error)

	// Ping reports whether the store is reachable.
	Ping(ctx context.Context) error
	// Close releases the store.
	Close() error
}

// Subscription asks for a topic of the day in one channel.
type Subscription struct {
	// ID is "platform:workspace:channel": one subscription per channel.
	ID        string
	Platform  string
	Workspace string
	Channel   string
	// Time is the local posting time, "HH:MM".
	Time string
	// TZ is the IANA time zone of Time, such as "Europe/Berlin".
	TZ string
	// Days is the set of weekdays to post on.
	Days Weekdays
	// Track limits and orders the topics: empty for all cards, a category,
	// or a comma-separated list of card ids.
	Track string
	// Thread asks the adapter to post in a thread where it can.
	Thread bool
	// Kind is what the platform said the channel was when it subscribed:
	// lists show a private one only inside it. Empty for subscriptions
	// made before the bot asked.
	Kind PlaceKind
	// Failures counts the daily posts in a row that failed because the
	// bot could not post there; Paused is set once there were
	// maxAccessFailures of them, and a new subscribe clears both.
	Failures  int
	Paused    bool
	CreatedBy string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// SubscriptionID is the id of the subscription for a channel.
func SubscriptionID(platform, workspace, channel string) string {
	return platform + ":" + workspace + ":" + channel
}

// Post is one topic-of-the-day post: claimed first, then made.
type Post struct {
	Subscription string
	// Date is the local date in the subscription's zone, "YYYY-MM-DD".
	Date   string
	CardID string
	// Cycle counts passes through the track: a card repeats only in a
	// later cycle.
	Cycle     int
	ClaimedBy string
	ClaimedAt time.Time
	// MessageID is set once the post was made; Error if it failed.
	MessageID string
	Error     string
}

// Weekdays is a set of days of the week, bit i for time.Weekday(i).
type Weekdays uint8

// Common day sets.
const (
	EveryDay  Weekdays = 0x7f
	Weekdays5 Weekdays = 1<<time.Monday | 1<<time.Tuesday | 1<<time.Wednesday | 1<<time.Thursday | 1<<time.Friday
	Weekend   Weekdays = 1<<time.Saturday | 1<<time.Sunday
)

// Has reports whether d includes the weekday.
func (d Weekdays) Has(w time.Weekday) bool { return d&(1<<w) != 0 }

// QuizAnswer is one user's answer to one quiz question in one channel.
type QuizAnswer struct {
	// Scope is the channel: "platform:workspace:channel".
	Scope  string
	QuizID string
	// Round tells one posting of a quiz from another: a user answers
	// each round once.
	Round    string
	UserID   string
	UserName string
	Choice   int
	Correct  bool
	At       time.Time
	// Date is the local date of the answer in the channel's zone, for
	// streaks.
	Date string
}

// Review brings a question a user got wrong back after a while.
type Review struct {
	// User is "platform:user id": reviews follow the user across channels.
	User   string
	QuizID string
	// Step indexes reviewSteps: how far along the schedule the user is.
	Step int
	Due  time.Time
}
