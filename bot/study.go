package bot

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/sdbot/sdbot/knowledge"
)

// reviewSteps is the spaced-repetition schedule: a question answered
// wrongly comes back after 1 day, then, each time it is answered right,
// after 3, 7 and 14 more days, and is then considered learned.
var reviewSteps = []time.Duration{24 * time.Hour, 3 * 24 * time.Hour, 7 * 24 * time.Hour, 14 * 24 * time.Hour}

// roundLayout dates a quiz round; a user answers each round once.
const roundLayout = "20060102"

// maxRoundAge bounds how old a round on a button may be, so a forged
// round cannot replay an old question for points.
const maxRoundAge = 7 * 24 * time.Hour

// maxPostDelay is how long after a quiz is made its message may appear:
// a quiz made just before midnight (UTC) may be posted just after it, a
// day later than its round.
const maxPostDelay = 5 * time.Minute

// QuizID names one quiz question of a card: "card-id.index.version". The
// version changes when the question is edited, so a button on an old
// message is refused instead of scoring against a different question.
func QuizID(c *knowledge.Card, i int) string {
	q := c.Quiz[i]
	h := fnv.New32a()
	h.Write([]byte(q.Question + "\x00" + strings.Join(q.Choices, "\x00") + "\x00" + strconv.Itoa(q.Answer)))
	return fmt.Sprintf("%s.%d.%04x", c.ID, i, h.Sum32()&0xffff)
}

// lookupQuiz finds the question a quiz id names.
func (b *Bot) lookupQuiz(id string) (*knowledge.Card, int, bool) {
	parts := strings.Split(id, ".")
	if len(parts) != 3 {
		return nil, 0, false
	}
	c, err := b.kb.Set().Card(parts[0])
	if err != nil {
		return nil, 0, false
	}
	i, err := strconv.Atoi(parts[1])
	if err != nil || i < 0 || i >= len(c.Quiz) || QuizID(c, i) != id {
		return nil, 0, false
	}
	return c, i, true
}

func (b *Bot) scope(req Request) string {
	return SubscriptionID(req.Platform, req.Workspace, req.Channel)
}

func (b *Bot) userKey(req Request) string { return req.Platform + ":" + req.User.ID }

// channelZone is the zone a channel's days are counted in: its
// subscription's, else UTC.
func (b *Bot) channelZone(ctx context.Context, scope string) *time.Location {
	if b.store != nil {
		if sub, err := b.store.Subscription(ctx, scope); err == nil {
			if loc, err := time.LoadLocation(sub.TZ); err == nil {
				return loc
			}
		}
	}
	return time.UTC
}

func (b *Bot) quiz(ctx context.Context, req Request) Reply {
	arg := strings.ToLower(req.arg("topic"))
	// A quiz is answered through the store: with a store that is down, a
	// public question would be one nobody can answer. Without any store
	// (the console) a question is still worth showing, except a review.
	if b.store != nil || arg == "mine" {
		if r := b.needStore(ctx); r != nil {
			return *r
		}
	}
	set := b.kb.Set()
	var pool []*knowledge.Card
	note := ""
	switch {
	case arg == "mine":
		due, err := b.store.DueReviews(ctx, b.userKey(req), b.now())
		if err != nil {
			return b.sorry(req, "Sorry, I could not read your reviews; please try again.", err)
		}
		for _, rv := range due {
			if c, i, ok := b.lookupQuiz(rv.QuizID); ok {
				r := b.quizReply(c, i, "r"+b.now().UTC().Format(roundLayout), nil)
				r.Ephemeral = true
				r.Footer = fmt.Sprintf("Review: %d due. ", len(due)) + r.Footer
				return r
			}
		}
		note = "Nothing is due for review, so here is a new question. "
		pool = set.Cards()
	case arg == "" || arg == "track":
		pool = set.Cards()
		if b.store != nil {
			if sub, err := b.store.Subscription(ctx, b.scope(req)); err == nil {
				if ids, _, err := trackCards(set, sub.Track); err == nil {
					pool = nil
					for _, id := range ids {
						if c, err := set.Card(id); err == nil {
							pool = append(pool, c)
						}
					}
				}
			} else if arg == "track" && req.Place.Kind.Direct() {
				return errorReply("Tracks belong to channels, so a DM has none. Try `/sd quiz databases` or `/sd quiz bloom-filter`.")
			} else if arg == "track" {
				return errorReply("This channel follows no track. A channel manager can set one with `/sd subscribe ... track:databases`.")
			}
		}
	case knowledge.IsCategory(arg):
		pool = set.InCategory(arg)
	default:
		c, err := set.Card(arg)
		if err != nil {
			near := b.kb.Complete(arg, 1)
			if len(near) == 0 {
				return errorReply(fmt.Sprintf("There is no topic or category %s. Try `/sd quiz`, `/sd quiz databases` or `/sd quiz bloom-filter`.", quote(arg)))
			}
			c = near[0]
		}
		pool = []*knowledge.Card{c}
	}
	var withQuiz []*knowledge.Card
	for _, c := range pool {
		if len(c.Quiz) > 0 {
			withQuiz = append(withQuiz, c)
		}
	}
	if len(withQuiz) == 0 {
		return errorReply("There are no quiz questions for that yet.")
	}
	c := withQuiz[b.intn(len(withQuiz))]
	r := b.quizReply(c, b.intn(len(c.Quiz)), b.now().UTC().Format(roundLayout), nil)
	r.Text = note + r.Text
	r.Ephemeral = arg == "mine" // a review is personal, even when nothing is due
	return r
}

// quizReply shows a question with one button per choice and, once people
// answer, how many have.
func (b *Bot) quizReply(c *knowledge.Card, i int, round string, answers []QuizAnswer) Reply {
	q := c.Quiz[i]
	id := QuizID(c, i)
	var lines []string
	r := Reply{Title: "Quiz: " + c.Title, Kind: KindQuiz, TopicID: c.ID}
	for n, choice := range q.Choices {
		letter := string(rune('A' + n))
		lines = append(lines, fmt.Sprintf("**%s.** %s", letter, choice))
		r.Buttons = append(r.Buttons, Button{Label: letter, Action: "answer", Value: fmt.Sprintf("%s:%s:%d", id, round, n)})
	}
	r.Text = q.Question + "\n\n" + strings.Join(lines, "\n")
	switch n := len(answers); n {
	case 0:
		r.Footer = "Pick an answer; only you will see whether you were right."
	case 1:
		r.Footer = "1 answer so far."
	default:
		r.Footer = fmt.Sprintf("%d answers so far.", n)
	}
	return r
}

// errBadButton is what a malformed button, or one for an edited
// question, gets.
const errBadButton = "That button is out of date or not valid: the question may have been edited. Try `/sd quiz` for a fresh one."

// errNotIssued is what an answer gets when its quiz was not posted in this
// channel for that round, or the round is over.
const errNotIssued = "This quiz isn't from this channel or has expired, so that answer doesn't count. Try `/sd quiz` for a fresh one."

func (b *Bot) answer(ctx context.Context, req Request) Reply {
	parts := strings.Split(strings.TrimSpace(req.Text), ":")
	if len(parts) != 3 {
		return errorReply(errBadButton)
	}
	c, i, ok := b.lookupQuiz(parts[0])
	if !ok {
		return errorReply(errBadButton)
	}
	choice, err := strconv.Atoi(parts[2])
	q := c.Quiz[i]
	if err != nil || choice < 0 || choice >= len(q.Choices) {
		return errorReply(errBadButton)
	}
	if !b.validRound(parts[1]) || !issued(req, parts[1]) {
		return errorReply(errNotIssued)
	}
	if r := b.needStore(ctx); r != nil {
		return *r
	}
	scope, round := b.scope(req), parts[1]
	now := b.now()
	correct := choice == q.Answer
	first, err := b.store.RecordAnswer(ctx, QuizAnswer{
		Scope: scope, QuizID: parts[0], Round: round, UserID: req.User.ID, UserName: req.User.Name,
		Choice: choice, Correct: correct, At: now, Date: now.In(b.channelZone(ctx, scope)).Format(dateLayout),
	})
	if err != nil {
		return b.sorry(req, "Sorry, I could not record your answer; please try again.", err)
	}
	if !first {
		return errorReply("You already answered this one; your first answer stands.")
	}
	b.review(ctx, req, parts[0], correct)
	right := fmt.Sprintf("%s. %s", string(rune('A'+q.Answer)), q.Choices[q.Answer])
	r := Reply{Ephemeral: true, Kind: KindAnswer, TopicID: c.ID}
	if correct {
		r.Title = "Right!"
		r.Text = q.Explain
	} else {
		r.Title = "Not quite"
		r.Text = "The answer is **" + right + "**. " + q.Explain + "\n\nIt will come back in `/sd quiz mine` tomorrow."
	}
	r.Buttons = []Button{{Label: "Read the topic", Action: "topic", Value: c.ID}, {Label: "Another quiz", Action: "quiz", Value: c.Category}}
	if answers, err := b.store.QuizAnswers(ctx, scope, parts[0], round); err == nil {
		upd := b.quizReply(c, i, round, answers)
		r.Update = &upd
	}
	return r
}

// validRound accepts rounds made by quizReply within maxRoundAge.
func (b *Bot) validRound(round string) bool {
	d, err := time.Parse(roundLayout, strings.TrimPrefix(round, "r"))
	if err != nil {
		return false
	}
	age := b.now().UTC().Sub(d)
	return age >= -24*time.Hour && age <= maxRoundAge
}

// issued reports whether round is the one the quiz's message was made
// for, in this channel. The round on a button is only what the client
// sends; where and when the message was posted comes from the platform.
// So a round edited to another day, or a click sent as if from another
// channel, does not match, and a message scores once per user.
func issued(req Request, round string) bool {
	m := req.Message
	if m.Posted.IsZero() || m.Channel == "" || m.Channel != req.Channel {
		return false
	}
	day, err := time.Parse(roundLayout, strings.TrimPrefix(round, "r"))
	if err != nil {
		return false
	}
	after := m.Posted.Sub(day)
	return after >= 0 && after < 24*time.Hour+maxPostDelay
}

// review moves a question along the user's spaced-repetition schedule.
// The answer itself is recorded already, so a failure here is logged, not
// shown.
func (b *Bot) review(ctx context.Context, req Request, quizID string, correct bool) {
	user, now := b.userKey(req), b.now()
	if !correct {
		if err := b.store.PutReview(ctx, Review{User: user, QuizID: quizID, Step: 0, Due: now.Add(reviewSteps[0])}); err != nil {
			b.log.Error("update review", "request_id", req.ID, "quiz", quizID, "error", err.Error())
		}
		return
	}
	var err error
	switch rv, ok, rerr := b.store.Review(ctx, user, quizID); {
	case rerr != nil:
		err = rerr
	case !ok || rv.Due.After(now):
		// Right before the review is due moves nothing along.
	case rv.Step+1 >= len(reviewSteps):
		err = b.store.DeleteReview(ctx, user, quizID)
	default:
		err = b.store.PutReview(ctx, Review{User: user, QuizID: quizID, Step: rv.Step + 1, Due: now.Add(reviewSteps[rv.Step+1])})
	}
	if err != nil {
		b.log.Error("update review", "request_id", req.ID, "quiz", quizID, "error", err.Error())
	}
}

// score is one user's standing in a channel.
type score struct {
	user, name              string
	points, answered, right int
	streak, best            int
}

func (b *Bot) leaderboard(ctx context.Context, req Request) Reply {
	if r := b.needStore(ctx); r != nil {
		return *r
	}
	window := strings.ToLower(req.arg("window"))
	now := b.now()
	var since time.Time
	switch window {
	case "", "week":
		window, since = "this week", now.Add(-7*24*time.Hour)
	case "month":
		window, since = "this month", now.Add(-30*24*time.Hour)
	case "all":
		window = "all time"
	default:
		return errorReply(fmt.Sprintf("%s is not a window; use week, month or all.", quote(window)))
	}
	scope := b.scope(req)
	all, err := b.store.Answers(ctx, scope, time.Time{})
	if err != nil {
		return b.sorry(req, "Sorry, I could not read the scores; please try again.", err)
	}
	today := now.In(b.channelZone(ctx, scope)).Format(dateLayout)
	scores := standings(all, since, today)
	if len(scores) == 0 {
		return Reply{Title: "Leaderboard (" + window + ")", Text: "No answers yet. Start with `/sd quiz`.", Kind: KindList}
	}
	var lines []string
	mine := -1
	for i, s := range scores {
		if s.user == req.User.ID {
			mine = i
		}
		if i < 10 {
			lines = append(lines, fmt.Sprintf("%d. %s — %s, %d%% right, streak %d (best %d)",
				i+1, UserMention(s.user), Plural(s.points, "pt"), 100*s.right/max(1, s.answered), s.streak, s.best))
		}
	}
	r := Reply{Title: "Leaderboard (" + window + ")", Text: strings.Join(lines, "\n"), Kind: KindList}
	switch {
	case mine >= 10:
		r.Footer = fmt.Sprintf("You are #%d with %s.", mine+1, Plural(scores[mine].points, "pt"))
	case mine < 0:
		r.Footer = "You have no answers in this window yet: try `/sd quiz`."
	}
	return r
}

// standings ranks users by correct answers in the window, then accuracy.
// Streaks count consecutive local days with a correct answer, over all
// time, ending today or yesterday.
func standings(all []QuizAnswer, since time.Time, today string) []score {
	byUser := map[string]*score{}
	days := map[string]map[string]bool{}
	for _, a := range all {
		if a.Correct {
			if days[a.UserID] == nil {
				days[a.UserID] = map[string]bool{}
			}
			days[a.UserID][a.Date] = true
		}
		if a.At.Before(since) {
			continue
		}
		s := byUser[a.UserID]
		if s == nil {
			s = &score{user: a.UserID}
			byUser[a.UserID] = s
		}
		s.name = a.UserName
		s.answered++
		if a.Correct {
			s.right++
			s.points++
		}
	}
	var out []score
	for u, s := range byUser {
		s.streak, s.best = streaks(days[u], today)
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.points != b.points {
			return a.points > b.points
		}
		if a.right*b.answered != b.right*a.answered {
			return a.right*b.answered > b.right*a.answered
		}
		return a.user < b.user
	})
	return out
}

// streaks returns the current and best runs of consecutive dates.
func streaks(dates map[string]bool, today string) (current, best int) {
	var list []time.Time
	for d := range dates {
		if t, err := time.Parse(dateLayout, d); err == nil {
			list = append(list, t)
		}
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Before(list[j]) })
	run := 0
	for i, d := range list {
		if i > 0 && d.Sub(list[i-1]) == 24*time.Hour {
			run++
		} else {
			run = 1
		}
		best = max(best, run)
	}
	t, err := time.Parse(dateLayout, today)
	if err != nil || len(list) == 0 {
		return 0, best
	}
	last := list[len(list)-1]
	if gap := t.Sub(last); gap == 0 || gap == 24*time.Hour {
		current = run
	}
	return current, best
}

func (b *Bot) progress(ctx context.Context, req Request) Reply {
	if r := b.needStore(ctx); r != nil {
		return *r
	}
	sub, err := b.store.Subscription(ctx, b.scope(req))
	if errors.Is(err, ErrNotFound) {
		return errorReply("This channel has no topic of the day, so no track to follow. A channel manager can start one with `/sd subscribe time:09:00 tz:Europe/Berlin track:databases`.")
	}
	if err != nil {
		return b.sorry(req, "Sorry, I could not read this channel's progress; please try again.", err)
	}
	ids, _, err := trackCards(b.kb.Set(), sub.Track)
	if err != nil {
		return errorReply("This channel's track no longer resolves: " + err.Error() + ".")
	}
	history, err := b.store.Posts(ctx, sub.ID)
	if err != nil {
		return b.sorry(req, "Sorry, I could not read this channel's progress; please try again.", err)
	}
	_, cycle := nextCard(sub.ID, ids, true, history)
	inTrack := map[string]bool{}
	for _, id := range ids {
		inTrack[id] = true
	}
	done := map[string]bool{}
	for _, p := range history {
		if p.Cycle == cycle && inTrack[p.CardID] {
			done[p.CardID] = true
		}
	}
	name := "all topics"
	if sub.Track != "" {
		name = "the " + sub.Track + " track"
	}
	pct := 100 * len(done) / len(ids)
	bar := strings.Repeat("▓", pct/10) + strings.Repeat("░", 10-pct/10)
	return Reply{
		Title: "Progress",
		Text:  fmt.Sprintf("%s %d%%\nThis channel has covered %d of %d topics in %s (pass %d).", bar, pct, len(done), len(ids), name, cycle+1),
		Kind:  KindList,
	}
}
