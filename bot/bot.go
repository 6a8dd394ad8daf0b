package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/sdbot/sdbot/knowledge"
)

// Knowledge is what the bot needs from the knowledge core.
type Knowledge interface {
	Answer(ctx context.Context, question string) (*knowledge.Answer, error)
	// AnswerIn answers a question said in a conversation about the card
	// topicID, taking a question too vague alone as a follow-up on it.
	AnswerIn(ctx context.Context, question, topicID string) (*knowledge.Answer, error)
	Complete(prefix string, n int) []*knowledge.Card
	Set() *knowledge.Set
}

// Bot runs commands. It is safe for concurrent use.
type Bot struct {
	kb       Knowledge
	store    Store // nil when the bot runs without state (the CLI)
	now      func() time.Time
	commands []Command
	intn     func(n int) int
	keepDays int           // days an unanswered question's text is kept
	conv     Conversations // nil: every event answered, no thread memory

	log          *slog.Logger
	storeTimeout time.Duration

	slots      chan struct{} // nil: no concurrency cap
	storeSlots chan struct{} // nil: no cap on store commands
	users      *buckets      // nil: no per-user limit
	channels   *buckets      // nil: no per-channel limit
}

// BotOption configures a Bot.
type BotOption func(*Bot)

// WithRandom makes random choices come from intn, for repeatable tests.
func WithRandom(intn func(n int) int) BotOption {
	return func(b *Bot) { b.intn = intn }
}

// WithStore gives the bot a Store for subscriptions and study state.
func WithStore(s Store) BotOption {
	return func(b *Bot) { b.store = s }
}

// WithLogger gives the bot a logger for the failures behind its polite
// replies; without one they are discarded.
func WithLogger(l *slog.Logger) BotOption {
	return func(b *Bot) { b.log = l }
}

// WithStoreTimeout bounds each store call (default 2 s), so a database
// that hangs rather than refuses cannot hold a command past the platform's
// patience.
func WithStoreTimeout(d time.Duration) BotOption {
	return func(b *Bot) { b.storeTimeout = d }
}

// defaultStoreTimeout bounds a store call when WithStoreTimeout is not
// given.
const defaultStoreTimeout = 2 * time.Second

// WithClock makes the bot read the time from now, for tests.
func WithClock(now func() time.Time) BotOption {
	return func(b *Bot) { b.now = now }
}

// New returns a bot answering from kb.
func New(kb Knowledge, opts ...BotOption) *Bot {
	b := &Bot{kb: kb, intn: rand.IntN, now: time.Now, keepDays: DefaultKeepDays, storeTimeout: defaultStoreTimeout}
	for _, o := range opts {
		o(b)
	}
	if b.log == nil {
		b.log = slog.New(slog.DiscardHandler)
	}
	if b.store != nil {
		b.store = timedStore{Store: b.store, d: b.storeTimeout}
	}
	b.commands = b.commandTable()
	return b
}

// Poster sends a reply to a channel outside any request, such as the topic
// of the day. Each platform adapter implements it.
type Poster interface {
	// Post sends r to the channel and returns the platform's message id.
	Post(ctx context.Context, channel string, r Reply) (messageID string, err error)
}

// Suggestion is one autocomplete choice: what the user sees and the value
// the command receives.
type Suggestion struct {
	Label string
	Value string
}

// Suggest completes a topic id or name as the user types it.
func (b *Bot) Suggest(prefix string, n int) []Suggestion {
	var out []Suggestion
	for _, c := range b.kb.Complete(prefix, n) {
		out = append(out, Suggestion{Label: c.Title, Value: c.ID})
	}
	return out
}

// maxRelatedButtons bounds the related-topic buttons on a card reply.
const maxRelatedButtons = 4

func (b *Bot) ask(ctx context.Context, req Request) Reply {
	q := req.arg("question")
	if q == "" {
		return errorReply("Ask me a question, for example `/sd ask how does consistent hashing work`.")
	}
	a, err := b.kb.Answer(ctx, q)
	switch {
	case errors.Is(err, knowledge.ErrQueryTooLong):
		return errorReply(fmt.Sprintf("That question is too long: please keep it under %d characters.", knowledge.MaxInput))
	case errors.Is(err, knowledge.ErrEmptyQuery):
		return errorReply("Ask me a question, for example `/sd ask how does consistent hashing work`.")
	case err != nil:
		return b.sorry(req, "Sorry, searching failed. Please try again in a moment.", err)
	}
	r := b.askReply(ctx, req, q, a)
	cutNote(&r, a) // whatever answers it, the question was cut or not
	return r
}

// askReply is the reply to a question the knowledge core answered (a):
// its card, a comparison, or no good answer, where a question refused
// alone may still be a follow-up on the thread's card.
func (b *Bot) askReply(ctx context.Context, req Request, q string, a *knowledge.Answer) Reply {
	// Only a question refused alone can be a follow-up, so the thread's
	// card (a read from the store) is looked up only then, not for every
	// mention and direct message.
	var topic *knowledge.Card
	if !a.Answered {
		if topic = b.threadCard(ctx, req); topic != nil {
			if f, err := b.kb.AnswerIn(ctx, q, topic.ID); err == nil {
				a = f
			}
		}
	}
	if !a.Answered {
		b.recordUnanswered(ctx, req, q, a)
		r := b.noAnswer(a)
		if b.store != nil && b.keepDays > 0 {
			r.Footer += " I noted the question so a curator can add a card for it."
		}
		if topic != nil {
			r.Footer += fmt.Sprintf(" Say `more` here for the whole of %s.", topic.Title)
		}
		return r
	}
	if len(a.Compare) == 2 {
		return b.comparison(a.Compare[0], a.Compare[1])
	}
	r := b.cardReply(a.Card, a.Passage)
	if a.Tentative() {
		tentative(&r, a)
	}
	if a.FollowUp {
		r.Footer += "\nA follow-up on this conversation's topic; ask a whole question for another one."
	}
	if b.store != nil { // votes need somewhere to go
		r.Buttons = append(r.Buttons, voteButtons(a.Card.ID, q)...)
	}
	return r
}

// cutNote tells the asker, in the small print, that only the start of a
// long question was read (knowledge.MaxQuery), so that a question asked at
// the end of a long message is asked again on its own.
func cutNote(r *Reply, a *knowledge.Answer) {
	if !a.Cut {
		return
	}
	note := fmt.Sprintf("Your question is long, so I read its first %d characters, leaving out code and links; ask again more briefly if I missed your point.", knowledge.MaxQuery)
	if r.Footer != "" {
		note = "\n" + note
	}
	r.Footer += note
}

// tentative marks a card reply answered on a close call: it says so
// first, and offers the next closest cards by name and as the first
// buttons, where the card's related topics would be (on real questions,
// most answers this unsure are not the card the asker needed).
func tentative(r *Reply, a *knowledge.Answer) {
	var near []Button
	for _, res := range a.Results {
		if len(near) == 2 {
			break
		}
		if res.Card != a.Card {
			near = append(near, Button{Label: res.Card.Title, Action: "topic", Value: res.Card.ID})
		}
	}
	lead := "A close call: this is the nearest card I have, but it may not answer exactly what you asked."
	if len(near) > 0 {
		names := make([]string, len(near))
		for i, n := range near {
			names[i] = fmt.Sprintf("**%s** (`%s`)", n.Label, n.Value)
		}
		lead += " Also near: " + strings.Join(names, ", ") + "."
	}
	r.Text = lead + "\n\n" + r.Text
	buttons := near
	for _, btn := range r.Buttons {
		if len(buttons) == maxRelatedButtons {
			break
		}
		if !slices.ContainsFunc(buttons, func(n Button) bool { return n.Value == btn.Value }) {
			buttons = append(buttons, btn)
		}
	}
	r.Buttons = buttons
}

func (b *Bot) noAnswer(a *knowledge.Answer) Reply {
	r := Reply{
		Title:     "No good answer",
		Text:      "I don't have a topic card that answers that well.",
		Kind:      KindNoAnswer,
		Ephemeral: true,
		Footer:    "Try other words, or `/sd list` to browse the topics.",
	}
	lead := " The closest topics are:\n"
	near := false             // a close call: the first topic's summary helps
	var guide *knowledge.Card // named first, so not listed again
	switch {
	case a.Foreign:
		r.Title = "English only, for now"
		r.Text = "I can only read questions in English: the topic cards are written in English."
		r.Footer = "Try asking in English, or `/sd list` to browse the topics."
	case a.Design:
		r.Title = "No card for that design yet"
		r.Text = "I don't have a case study for that design yet."
		r.Footer = "`/sd list case-studies` shows the designs I cover; or ask about one part of yours, such as its storage, cache or queue."
		if g := a.Guide; g != nil {
			// the steps of any design come before the blocks its words found
			guide = g
			r.Text += fmt.Sprintf(" Start with **%s** (`%s`), a path through any design.", g.Title, g.ID)
			r.Buttons = append(r.Buttons, Button{Label: g.Title, Action: "topic", Value: g.ID})
		}
	case a.Unrelated():
		r.Title = "Not a topic I know"
		r.Text = "That doesn't look like a system-design question I have a card for."
		lead = " The nearest topics, in case one is what you meant:\n"
	default:
		near = true
	}
	results := a.Results
	if a.Design {
		// the guide is named first, and a card that shares only a
		// company's name with the prompt is not near it
		results = slices.DeleteFunc(slices.Clone(results), func(res knowledge.Result) bool {
			return res.Card == guide || res.ByNameOnly()
		})
	}
	if len(results) == 0 {
		return r
	}
	results = results[:min(3, len(results))]
	for _, res := range results {
		r.Buttons = append(r.Buttons, Button{Label: res.Card.Title, Action: "topic", Value: res.Card.ID})
	}
	if a.Design {
		r.Text += designNeighbours(results, guide != nil)
		return r
	}
	var lines []string
	for i, res := range results {
		line := cardLine(res.Card)
		if i == 0 && near {
			// What the closest card is about, so the asker can tell at a
			// glance whether it is what they meant: it often is when the
			// decision was a close call.
			line += ": " + res.Card.Summary
		}
		lines = append(lines, line)
	}
	r.Text += lead + strings.Join(lines, "\n")
	return r
}

// cardLine is a card as one item of a refusal's list.
func cardLine(c *knowledge.Card) string { return fmt.Sprintf("• **%s** (`%s`)", c.Title, c.ID) }

// designNeighbours lists the cards a design prompt without a case study
// found: the case studies among them as the nearest designs covered (a
// music streaming service is not a video one, but much of its design is
// shared) and the other cards as building blocks, each group in the
// order of the search. Calling a case study a building block misled.
// A card whose title is a design ("Designing a stock exchange") is one
// of the designs whatever its category.
func designNeighbours(results []knowledge.Result, afterGuide bool) string {
	var designs, blocks []string
	for _, res := range results {
		if res.Card.CaseStudy() || res.Card.DesignTitled() {
			designs = append(designs, cardLine(res.Card))
		} else {
			blocks = append(blocks, cardLine(res.Card))
		}
	}
	var text string
	if len(designs) > 0 {
		text += "\nThe nearest designs I cover:\n" + strings.Join(designs, "\n")
	}
	if len(blocks) > 0 {
		lead := "\nBuilding blocks that may help:\n"
		switch {
		case len(designs) > 0:
		case afterGuide:
			lead = "\nThen these building blocks may help:\n"
		default:
			lead = "\nThese building blocks may help:\n"
		}
		text += lead + strings.Join(blocks, "\n")
	}
	if !afterGuide {
		// the first list follows the refusal's sentence on its line
		text = " " + strings.TrimPrefix(text, "\n")
	}
	return text
}

func (b *Bot) comparison(x, y *knowledge.Card) Reply {
	return Reply{
		Title: x.Title + " vs " + y.Title,
		Text:  "No single card compares these, so here are both.",
		Fields: []Field{
			{Name: x.Title, Value: x.Summary},
			{Name: y.Title, Value: y.Summary},
		},
		Buttons: []Button{
			{Label: x.Title, Action: "topic", Value: x.ID},
			{Label: y.Title, Action: "topic", Value: y.ID},
		},
		Kind: KindAnswer,
	}
}

// cardReply shows a card: its summary, the passage that matched (if any),
// key points, related topics as buttons and sources in the footer.
func (b *Bot) cardReply(c *knowledge.Card, passage string) Reply {
	r := Reply{Title: c.Title, Text: c.Summary, Kind: KindAnswer, TopicID: c.ID}
	if passage != "" {
		r.Text += "\n\n" + passage
	}
	if points := c.KeyPoints(); len(points) > 0 {
		r.Fields = append(r.Fields, Field{Name: "Key points", Value: "• " + strings.Join(points, "\n• ")})
	}
	for _, id := range c.Related {
		if len(r.Buttons) == maxRelatedButtons {
			break
		}
		if rc, err := b.kb.Set().Card(id); err == nil {
			r.Buttons = append(r.Buttons, Button{Label: rc.Title, Action: "topic", Value: rc.ID})
		}
	}
	var src []string
	for _, s := range c.Sources {
		src = append(src, fmt.Sprintf("[%s](%s)", s.Title, s.URL))
	}
	r.Footer = fmt.Sprintf("`%s` · %s · %s", c.ID, c.Category, c.Level)
	if len(src) > 0 {
		r.Footer += "\nSources: " + strings.Join(src, " · ")
	}
	return r
}

// wholeCard shows all of a card: the summary, every body section with its
// diagrams and tables, key points, related topics and sources. Adapters
// split it to fit their platform's limits.
func (b *Bot) wholeCard(c *knowledge.Card) Reply {
	r := b.cardReply(c, "")
	for _, s := range c.Sections() {
		if strings.EqualFold(s.Name, "Key points") {
			continue
		}
		r.Text += "\n\n**" + s.Name + "**\n" + s.Text
	}
	return r
}

func (b *Bot) topic(_ context.Context, req Request) Reply {
	name := req.arg("name")
	if name == "" {
		return errorReply("Which topic? For example `/sd topic consistent-hashing`; `/sd list` shows them all.")
	}
	if c, err := b.kb.Set().Card(name); err == nil {
		return b.wholeCard(c)
	}
	near := b.kb.Complete(name, 3)
	if len(near) > 0 && (strings.EqualFold(near[0].Title, name) || len(near) == 1) {
		return b.wholeCard(near[0])
	}
	msg := fmt.Sprintf("There is no topic %s.", quote(name))
	r := errorReply(msg)
	if len(near) > 0 {
		var ids []string
		for _, c := range near {
			ids = append(ids, "`"+c.ID+"`")
			r.Buttons = append(r.Buttons, Button{Label: c.Title, Action: "topic", Value: c.ID})
		}
		r.Text += " Did you mean " + strings.Join(ids, ", ") + "?"
	} else {
		r.Text += " `/sd list` shows the topics."
	}
	return r
}

func (b *Bot) categoryArg(req Request) (string, *Reply) {
	cat := strings.ToLower(req.arg("category"))
	if cat == "" {
		return "", nil
	}
	cats := b.categories()
	for _, c := range cats {
		if c == cat {
			return c, nil
		}
	}
	r := errorReply(fmt.Sprintf("There is no category %s. The categories are: %s.", quote(cat), strings.Join(cats, ", ")))
	return "", &r
}

func (b *Bot) random(_ context.Context, req Request) Reply {
	cat, bad := b.categoryArg(req)
	if bad != nil {
		return *bad
	}
	cards := b.kb.Set().Cards()
	if cat != "" {
		cards = b.kb.Set().InCategory(cat)
	}
	if len(cards) == 0 {
		return errorReply("There are no topics to choose from.")
	}
	return b.cardReply(cards[b.intn(len(cards))], "")
}

func (b *Bot) list(_ context.Context, req Request) Reply {
	cat, bad := b.categoryArg(req)
	if bad != nil {
		return *bad
	}
	set := b.kb.Set()
	if cat == "" {
		var lines []string
		for _, c := range b.categories() {
			lines = append(lines, fmt.Sprintf("• **%s** — %s", c, Plural(len(set.InCategory(c)), "topic")))
		}
		return Reply{
			Title:  Plural(set.Len(), "topic") + " in " + Plural(len(lines), "category"),
			Text:   strings.Join(lines, "\n"),
			Footer: "`/sd list <category>` lists one category; `/sd topic <id>` shows a topic.",
			Kind:   KindList, Ephemeral: true,
		}
	}
	var lines []string
	for _, c := range set.InCategory(cat) {
		lines = append(lines, fmt.Sprintf("• `%s` — %s", c.ID, c.Title))
	}
	return Reply{
		Title:  fmt.Sprintf("%s (%s)", cat, Plural(len(lines), "topic")),
		Text:   strings.Join(lines, "\n"),
		Footer: "`/sd topic <id>` shows a topic.",
		Kind:   KindList, Ephemeral: true,
	}
}
