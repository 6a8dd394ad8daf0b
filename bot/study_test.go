package bot

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// clock is a settable time for tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

func studyBot(t *testing.T, start time.Time) (*Bot, *memStore, *clock) {
	t.Helper()
	testBot(t)
	store := newMemStore()
	clk := &clock{t: start}
	return New(shipped, WithStore(store), WithClock(clk.now), WithRandom(func(n int) int { return 0 })), store, clk
}

// click presses btn on a message the platform says was posted in C1 just
// now, as a real click on a fresh quiz would be.
func click(b *Bot, user string, btn Button) Reply {
	return clickOn(b, user, btn, "C1", Message{ID: "M1", Channel: "C1", Posted: b.now()})
}

func clickOn(b *Bot, user string, btn Button, channel string, m Message) Reply {
	return b.Handle(context.Background(), Request{Command: btn.Action, Text: btn.Value, Platform: "slack", Workspace: "T1", Channel: channel, User: User{ID: user, Name: user}, Message: m, Clicked: true})
}

func quizFor(t *testing.T, b *Bot, topic string) Reply {
	t.Helper()
	r := b.Handle(context.Background(), Request{Command: "quiz", Text: topic, Platform: "slack", Workspace: "T1", Channel: "C1", User: User{ID: "U0"}})
	if r.Kind != KindQuiz || len(r.Buttons) < 2 {
		t.Fatalf("quiz %q = %+v", topic, r)
	}
	return r
}

func rightAndWrong(t *testing.T, b *Bot, q Reply) (right, wrong Button) {
	t.Helper()
	c, err := b.kb.Set().Card(q.TopicID)
	if err != nil {
		t.Fatal(err)
	}
	var i int
	fmt.Sscanf(strings.Split(q.Buttons[0].Value, ".")[1], "%d", &i)
	ans := c.Quiz[i].Answer
	return q.Buttons[ans], q.Buttons[(ans+1)%len(q.Buttons)]
}

func TestQuizAnswering(t *testing.T) {
	b, _, _ := studyBot(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	q := quizFor(t, b, "bloom-filter")
	if !strings.HasPrefix(q.Title, "Quiz: Bloom filters") || !strings.Contains(q.Text, "**A.**") {
		t.Errorf("quiz reply = %+v", q)
	}
	right, wrong := rightAndWrong(t, b, q)

	r := click(b, "U1", right)
	if r.Title != "Right!" || !r.Ephemeral || r.Update == nil || !strings.Contains(r.Update.Footer, "1 answer so far") {
		t.Errorf("right answer = %+v", r)
	}
	r = click(b, "U1", wrong)
	if r.Kind != KindError || !strings.Contains(r.Text, "already answered") || r.Update != nil {
		t.Errorf("second click = %+v; want 'already answered' and no change", r)
	}
	r = click(b, "U2", wrong)
	if r.Title != "Not quite" || !strings.Contains(r.Text, "The answer is") || !strings.Contains(r.Update.Footer, "2 answers so far") {
		t.Errorf("wrong answer = %+v", r)
	}
}

func TestConcurrentAnswersCounted(t *testing.T) {
	b, store, _ := studyBot(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	q := quizFor(t, b, "cap-theorem")
	var wg sync.WaitGroup
	for u := range 30 {
		for c := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				click(b, fmt.Sprint("U", u), q.Buttons[c])
			}()
		}
	}
	wg.Wait()
	if n := len(store.answers); n != 30 {
		t.Errorf("%d answers stored from 30 users clicking twice; want 30", n)
	}
}

func TestForgedButtons(t *testing.T) {
	b, _, _ := studyBot(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	q := quizFor(t, b, "bloom-filter")
	good := q.Buttons[0].Value
	id := strings.Split(good, ":")[0]
	for _, v := range []string{
		"", "garbage", "nosuch-card.0.abcd:20260302:0",
		strings.Replace(id, ".0.", ".9.", 1) + ":20260302:0", // no such question
		id[:len(id)-4] + "ffff:20260302:0",                   // edited question
		id + ":20260302:7",                                   // no such choice
		id + ":20260302:-1",
		good + ":extra",
	} {
		r := click(b, "U1", Button{Action: "answer", Value: v})
		if r.Kind != KindError || !strings.Contains(r.Text, "not valid") {
			t.Errorf("answer %q = %+v; want a clear refusal", v, r)
		}
	}
	if r := click(b, "U1", Button{Action: "answer", Value: id + ":20250101:0"}); r.Kind != KindError || !strings.Contains(r.Text, "has expired") {
		t.Errorf("stale round = %+v; want 'has expired'", r)
	}
}

// TestQuizRoundBinding replays the forgeries that used to score: a button
// value edited to other rounds (past and future days), the same button
// sent as from another channel, and the hidden answer command typed. Only
// the round the message was posted for, in its own channel, counts.
func TestQuizRoundBinding(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	b, store, clk := studyBot(t, now)
	q := quizFor(t, b, "bloom-filter")
	right, _ := rightAndWrong(t, b, q)
	id, _, _ := strings.Cut(right.Value, ":")
	choice := right.Value[strings.LastIndex(right.Value, ":"):]
	posted := Message{ID: "M1", Channel: "C1", Posted: now.Add(time.Second)}
	withRound := func(round string) Button {
		return Button{Action: "answer", Value: id + ":" + round + choice}
	}

	forged := []struct {
		name    string
		btn     Button
		channel string
		msg     Message
	}{
		{"round of yesterday", withRound("20260301"), "C1", posted},
		{"round of last week", withRound("20260224"), "C1", posted},
		{"round of tomorrow", withRound("20260303"), "C1", posted},
		{"review round of another day", withRound("r20260301"), "C1", posted},
		{"sent as from another channel", right, "C2", posted},
		{"message in another channel", right, "C1", Message{ID: "M9", Channel: "C2", Posted: posted.Posted}},
		{"no message: typed, not clicked", right, "C1", Message{}},
		{"message from another day", right, "C1", Message{ID: "M0", Channel: "C1", Posted: now.Add(-24 * time.Hour)}},
		{"message posted long after midnight", right, "C1", Message{ID: "M2", Channel: "C1", Posted: time.Date(2026, 3, 3, 0, 10, 0, 0, time.UTC)}},
	}
	for _, tt := range forged {
		t.Run(tt.name, func(t *testing.T) {
			r := clickOn(b, "U1", tt.btn, tt.channel, tt.msg)
			if r.Kind != KindError || !strings.Contains(r.Text, "isn't from this channel or has expired") {
				t.Errorf("forged click = %+v; want a polite refusal", r)
			}
		})
	}
	if len(store.answers) != 0 {
		t.Fatalf("forged clicks stored answers: %+v", store.answers)
	}

	// The real click scores, once.
	if r := clickOn(b, "U1", right, "C1", posted); r.Title != "Right!" {
		t.Fatalf("real click = %+v", r)
	}
	if r := clickOn(b, "U1", withRound("20260301"), "C1", posted); r.Kind != KindError {
		t.Errorf("second, forged click = %+v; want a refusal", r)
	}
	if len(store.answers) != 1 {
		t.Errorf("%d answers stored; want the one real click", len(store.answers))
	}

	// A quiz made just before midnight and posted just after still counts,
	// and an old quiz can be answered on a later day.
	clk.set(time.Date(2026, 3, 2, 23, 59, 59, 0, time.UTC))
	late := quizFor(t, b, "bloom-filter")
	lateRight, _ := rightAndWrong(t, b, late)
	clk.set(time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC))
	m := Message{ID: "M3", Channel: "C1", Posted: time.Date(2026, 3, 3, 0, 0, 2, 0, time.UTC)}
	if r := clickOn(b, "U2", lateRight, "C1", m); r.Title != "Right!" {
		t.Errorf("quiz posted across midnight, answered two days on = %+v", r)
	}
}

func TestSpacedRepetition(t *testing.T) {
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	b, store, clk := studyBot(t, start)
	q := quizFor(t, b, "bloom-filter")
	right, wrong := rightAndWrong(t, b, q)
	click(b, "U1", wrong)
	mine := func() Reply {
		return b.Handle(context.Background(), Request{Command: "quiz", Text: "mine", Platform: "slack", Workspace: "T1", Channel: "C1", User: User{ID: "U1"}})
	}
	if r := mine(); !strings.Contains(r.Text, "Nothing is due") {
		t.Errorf("review due too early: %+v", r)
	}
	// Each day it comes back, answered right, it moves to the next step:
	// 1, 3, 7, 14 days, then it is learned.
	day := start
	for step, gap := range []time.Duration{1, 3, 7, 14} {
		day = day.Add(gap * 24 * time.Hour)
		clk.set(day.Add(-time.Minute))
		if r := mine(); !strings.Contains(r.Text, "Nothing is due") {
			t.Fatalf("step %d: due a minute early", step)
		}
		clk.set(day)
		r := mine()
		if r.Kind != KindQuiz || !strings.Contains(r.Footer, "Review") || r.TopicID != "bloom-filter" {
			t.Fatalf("step %d: quiz mine = %+v", step, r)
		}
		rb, _ := rightAndWrong(t, b, r)
		if rb.Value == right.Value {
			t.Fatalf("step %d: review round reused the original round", step)
		}
		if a := click(b, "U1", rb); a.Title != "Right!" {
			t.Fatalf("step %d: answer = %+v", step, a)
		}
	}
	if len(store.reviews) != 0 {
		t.Errorf("reviews left after the last step: %+v", store.reviews)
	}
}

func TestLeaderboardWindowsAndStreaks(t *testing.T) {
	b, store, clk := studyBot(t, time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC))
	ctx := context.Background()
	add := func(user string, at time.Time, correct bool, date string) {
		store.RecordAnswer(ctx, QuizAnswer{Scope: "slack:T1:C1", QuizID: fmt.Sprint("q", at.Unix()), Round: "r", UserID: user, UserName: user, Correct: correct, At: at, Date: date})
	}
	now := clk.now()
	// ann: correct on 18, 19, 20 March (streak 3); bob: 40 days ago many points.
	for d := 0; d < 3; d++ {
		at := now.Add(-time.Duration(d) * 24 * time.Hour)
		add("ann", at, true, at.Format(dateLayout))
	}
	for i := 0; i < 5; i++ {
		at := now.Add(-40*24*time.Hour + time.Duration(i)*time.Minute)
		add("bob", at, true, at.Format(dateLayout))
	}
	add("cy", now.Add(-time.Hour), false, now.Format(dateLayout))
	lb := func(w string) Reply {
		return b.Handle(ctx, Request{Command: "leaderboard", Text: w, Platform: "slack", Workspace: "T1", Channel: "C1", User: User{ID: "cy"}})
	}
	week := lb("week")
	week.Text = rendered(week.Text)
	if !strings.HasPrefix(week.Text, "1. <@ann> — 3 pts, 100% right, streak 3 (best 3)") || strings.Contains(week.Text, "bob") {
		t.Errorf("week = %q", week.Text)
	}
	all := lb("all")
	all.Text = rendered(all.Text)
	if !strings.HasPrefix(all.Text, "1. <@bob> — 5 pts") || !strings.Contains(all.Text, "3. <@cy> — 0 pts, 0% right") {
		t.Errorf("all = %q", all.Text)
	}
	if r := lb("fortnight"); r.Kind != KindError {
		t.Errorf("bad window = %+v", r)
	}
}

func TestStreakAcrossZones(t *testing.T) {
	// 23:30 in New York on 2 March is 04:30 UTC on 3 March. With the
	// channel in New York, answers at 23:30 local on 2 March and 00:30
	// local on 4 March are two days apart: no streak of 3.
	tests := []struct {
		dates   []string
		today   string
		current int
		best    int
	}{
		{[]string{"2026-03-01", "2026-03-02", "2026-03-03"}, "2026-03-03", 3, 3},
		{[]string{"2026-03-01", "2026-03-02", "2026-03-03"}, "2026-03-04", 3, 3}, // yesterday keeps it alive
		{[]string{"2026-03-01", "2026-03-02", "2026-03-03"}, "2026-03-05", 0, 3},
		{[]string{"2026-03-02", "2026-03-04"}, "2026-03-04", 1, 1},
		{[]string{"2026-03-28", "2026-03-29", "2026-03-30"}, "2026-03-30", 3, 3}, // across Berlin's DST change
		{nil, "2026-03-04", 0, 0},
	}
	for _, tt := range tests {
		set := map[string]bool{}
		for _, d := range tt.dates {
			set[d] = true
		}
		cur, best := streaks(set, tt.today)
		if cur != tt.current || best != tt.best {
			t.Errorf("streaks(%v, %s) = %d, %d; want %d, %d", tt.dates, tt.today, cur, best, tt.current, tt.best)
		}
	}
	// The day of an answer is the channel's local day.
	ny := mustLoc(t, "America/New_York")
	b, store, clk := studyBot(t, time.Date(2026, 3, 3, 4, 30, 0, 0, time.UTC))
	store.PutSubscription(context.Background(), Subscription{ID: "slack:T1:C1", Platform: "slack", Workspace: "T1", Channel: "C1", Time: "09:00", TZ: "America/New_York", Days: EveryDay})
	q := quizFor(t, b, "bloom-filter")
	right, _ := rightAndWrong(t, b, q)
	click(b, "U1", right)
	if got := store.answers[0].Date; got != "2026-03-02" {
		t.Errorf("answer at %v is dated %s; want the New York date 2026-03-02", clk.now().In(ny), got)
	}
}

func TestProgress(t *testing.T) {
	now := time.Date(2026, 3, 3, 8, 30, 0, 0, time.UTC)
	b, store, poster := schedFixture(t, now)
	sub := subscribeFixture(t, store, "09:00", "UTC", EveryDay, "caching")
	s := NewScheduler(b, map[string]Poster{"slack": poster}, SchedulerConfig{})
	for d := range 3 {
		s.Fire(context.Background(), sub.ID, time.Date(2026, 3, 1+d, 9, 0, 0, 0, time.UTC))
	}
	r := b.Handle(context.Background(), Request{Command: "progress", Platform: "slack", Workspace: "T1", Channel: "C1"})
	n := len(b.kb.Set().InCategory("caching"))
	if !strings.Contains(r.Text, fmt.Sprintf("covered 3 of %d topics in the caching track (pass 1)", n)) {
		t.Errorf("progress = %q", r.Text)
	}
	r = b.Handle(context.Background(), Request{Command: "progress", Platform: "slack", Workspace: "T1", Channel: "other"})
	if r.Kind != KindError {
		t.Errorf("progress without a subscription = %+v", r)
	}
}

func TestDailyPostHasQuizButton(t *testing.T) {
	b, _, _ := studyBot(t, time.Now())
	c, _ := b.kb.Set().Card("bloom-filter")
	r := b.dailyReply(c, "2026-03-02")
	var quiz *Button
	for i := range r.Buttons {
		if r.Buttons[i].Action == "quiz" {
			quiz = &r.Buttons[i]
		}
	}
	if quiz == nil || quiz.Value != "bloom-filter" {
		t.Fatalf("daily post buttons = %+v; want a quiz button for the card", r.Buttons)
	}
	if q := click(b, "U1", *quiz); q.Kind != KindQuiz || q.TopicID != "bloom-filter" {
		t.Errorf("quiz button = %+v", q)
	}
	if h := b.Handle(context.Background(), b.Parse("help answer")); h.Kind != KindError {
		t.Errorf("help shows the hidden answer command: %+v", h)
	}
}

// TestQuizRefusedWhileStoreDown: a quiz posted while the store is down is a
// public question nobody can answer, so quiz refuses as the other store
// commands do.
func TestQuizRefusedWhileStoreDown(t *testing.T) {
	b, store, _ := studyBot(t, time.Date(2026, 3, 3, 10, 0, 0, 0, time.UTC))
	store.down = true
	for _, topic := range []string{"", "databases", "bloom-filter", "track", "mine"} {
		t.Run(topic, func(t *testing.T) {
			r := b.Handle(context.Background(), Request{Command: "quiz", Text: topic, Platform: "slack", Workspace: "T1", Channel: "C1", User: User{ID: "U0"}})
			if r.Kind != KindError || !r.Ephemeral || !strings.Contains(r.Text, "degraded") {
				t.Errorf("quiz %q with the store down = %+v; want a private refusal saying the bot is degraded", topic, r)
			}
		})
	}
	store.down = false
	if r := b.Handle(context.Background(), Request{Command: "quiz", Platform: "slack", Workspace: "T1", Channel: "C1", User: User{ID: "U0"}}); r.Kind != KindQuiz {
		t.Errorf("quiz with the store back = %+v; want a question", r)
	}
}
