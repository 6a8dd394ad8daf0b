package bot

import (
	"context"
	"errors"
	"sort"
	"sync"
	"time"
)

// memStore is an in-memory Store for bot's own tests; the real adapters
// run the shared contract in storetest.
type memStore struct {
	mu      sync.Mutex
	subs    map[string]Subscription
	posts   map[string]Post // key: subscription + "/" + date
	answers []QuizAnswer
	reviews map[string]Review // key: user + "/" + quiz
	votes   []Vote
	asked   []Unanswered
	down    bool
	// claimFault makes the next Claim fail: "before" fails without
	// recording, "after" records the claim and then reports an error (the
	// reply was lost).
	claimFault string
}

func newMemStore() *memStore {
	return &memStore{subs: map[string]Subscription{}, posts: map[string]Post{}, reviews: map[string]Review{}}
}

func (m *memStore) RecordAnswer(_ context.Context, a QuizAnswer) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.down {
		return false, errDown
	}
	for _, x := range m.answers {
		if x.Scope == a.Scope && x.QuizID == a.QuizID && x.Round == a.Round && x.UserID == a.UserID {
			return false, nil
		}
	}
	m.answers = append(m.answers, a)
	return true, nil
}

func (m *memStore) QuizAnswers(_ context.Context, scope, quiz, round string) ([]QuizAnswer, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []QuizAnswer
	for _, x := range m.answers {
		if x.Scope == scope && x.QuizID == quiz && x.Round == round {
			out = append(out, x)
		}
	}
	return out, nil
}

func (m *memStore) Answers(_ context.Context, scope string, since time.Time) ([]QuizAnswer, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []QuizAnswer
	for _, x := range m.answers {
		if x.Scope == scope && !x.At.Before(since) {
			out = append(out, x)
		}
	}
	return out, nil
}

func (m *memStore) PutReview(_ context.Context, r Review) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.reviews[r.User+"/"+r.QuizID] = r
	return nil
}

func (m *memStore) DeleteReview(_ context.Context, user, quiz string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.reviews, user+"/"+quiz)
	return nil
}

func (m *memStore) Review(_ context.Context, user, quiz string) (Review, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.reviews[user+"/"+quiz]
	return r, ok, nil
}

func (m *memStore) DueReviews(_ context.Context, user string, now time.Time) ([]Review, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Review
	for _, r := range m.reviews {
		if r.User == user && !r.Due.After(now) {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Due.Before(out[j].Due) })
	return out, nil
}

func (m *memStore) RecordVote(_ context.Context, v Vote) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.down {
		return "", errDown
	}
	for i, x := range m.votes {
		if x.Platform == v.Platform && x.Workspace == v.Workspace && x.UserID == v.UserID && x.CardID == v.CardID && x.QuestionKey == v.QuestionKey {
			if x.Value != v.Value {
				m.votes[i] = v
			}
			return x.Value, nil
		}
	}
	m.votes = append(m.votes, v)
	return "", nil
}

func (m *memStore) Votes(_ context.Context, since time.Time) ([]Vote, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Vote
	for _, v := range m.votes {
		if !v.At.Before(since) {
			out = append(out, v)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out, nil
}

func (m *memStore) RecordUnanswered(_ context.Context, u Unanswered) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.down {
		return errDown
	}
	m.asked = append(m.asked, u)
	return nil
}

func (m *memStore) UnansweredSince(_ context.Context, since time.Time) ([]Unanswered, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Unanswered
	for _, u := range m.asked {
		if !u.At.Before(since) {
			out = append(out, u)
		}
	}
	return out, nil
}

func (m *memStore) PurgeQuestions(_ context.Context, before time.Time) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for i, u := range m.asked {
		if u.At.Before(before) && u.Question != "" {
			m.asked[i].Question = ""
			n++
		}
	}
	return n, nil
}

var errDown = errors.New("store unreachable")

func (m *memStore) PutSubscription(_ context.Context, s Subscription) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.down {
		return errDown
	}
	m.subs[s.ID] = s
	return nil
}

func (m *memStore) DeleteSubscription(_ context.Context, id string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, ok := m.subs[id]
	delete(m.subs, id)
	return ok, nil
}

func (m *memStore) Subscription(_ context.Context, id string) (Subscription, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.down {
		return Subscription{}, errDown
	}
	s, ok := m.subs[id]
	if !ok {
		return s, ErrNotFound
	}
	return s, nil
}

func (m *memStore) Subscriptions(context.Context) ([]Subscription, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Subscription
	for _, s := range m.subs {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

func (m *memStore) SetFailures(_ context.Context, id string, failures int, paused bool) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.down {
		return errDown
	}
	if s, ok := m.subs[id]; ok {
		s.Failures, s.Paused = failures, paused
		m.subs[id] = s
	}
	return nil
}

func (m *memStore) Claim(_ context.Context, p Post) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.down {
		return false, errDown
	}
	fault := m.claimFault
	m.claimFault = ""
	if fault == "before" {
		return false, errDown
	}
	key := p.Subscription + "/" + p.Date
	if _, ok := m.posts[key]; ok {
		return false, nil
	}
	m.posts[key] = p
	if fault == "after" {
		return false, errDown
	}
	return true, nil
}

func (m *memStore) MarkPosted(_ context.Context, sub, date, msg, perr string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	p := m.posts[sub+"/"+date]
	p.MessageID, p.Error = msg, perr
	m.posts[sub+"/"+date] = p
	return nil
}

func (m *memStore) Posts(_ context.Context, sub string) ([]Post, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Post
	for _, p := range m.posts {
		if p.Subscription == sub {
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Date < out[j].Date })
	return out, nil
}

func (m *memStore) Ping(context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.down {
		return errDown
	}
	return nil
}

func (m *memStore) Close() error { return nil }

// fakePoster records posts, and direct messages to users.
type fakePoster struct {
	mu     sync.Mutex
	posts  []postRecord
	direct []postRecord // channel is the user
	err    error
}

func (f *fakePoster) PostDirect(_ context.Context, user string, r Reply) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.direct = append(f.direct, postRecord{user, r})
	return "dm" + string(rune('0'+len(f.direct))), nil
}

type postRecord struct {
	channel string
	reply   Reply
}

func (f *fakePoster) Post(_ context.Context, channel string, r Reply) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return "", f.err
	}
	f.posts = append(f.posts, postRecord{channel, r})
	return "m" + string(rune('0'+len(f.posts))), nil
}

func (f *fakePoster) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.posts)
}

// rendered writes mentions in Slack's and Discord's shared syntax, so
// tests can read them.
func rendered(s string) string {
	return RenderMentions(s, func(m Mention) string {
		if m.Kind == MentionChannel {
			return "<#" + m.ID + ">"
		}
		return "<@" + m.ID + ">"
	})
}
