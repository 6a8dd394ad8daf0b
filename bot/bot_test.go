package bot

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/sdbot/sdbot/knowledge"
)

var (
	indexOnce sync.Once
	shipped   *knowledge.Index
	indexErr  error
)

func testBot(t *testing.T) *Bot {
	t.Helper()
	indexOnce.Do(buildShipped)
	if indexErr != nil {
		t.Fatal(indexErr)
	}
	return New(shipped, WithRandom(func(n int) int { return n - 1 }))
}

func buildShipped() {
	set, _ := knowledge.Load()
	shipped, indexErr = knowledge.NewIndex(set)
}

func TestParse(t *testing.T) {
	b := testBot(t)
	tests := []struct {
		text string
		want Request
	}{
		{"", Request{}},
		{"ask how does x: work", Request{Command: "ask", Text: "how does x: work"}},
		{"  ASK   spaced   out ", Request{Command: "ask", Text: "spaced   out"}},
		{"topic consistent-hashing", Request{Command: "topic", Text: "consistent-hashing"}},
		{"nosuch a:b", Request{Command: "nosuch", Text: "a:b"}},
	}
	for _, tt := range tests {
		got := b.Parse(tt.text)
		if got.Command != tt.want.Command || got.Text != tt.want.Text || len(got.Options) != 0 {
			t.Errorf("Parse(%q) = %+v; want %+v", tt.text, got, tt.want)
		}
	}
}

func TestAsk(t *testing.T) {
	b := testBot(t)
	r := b.Handle(context.Background(), b.Parse("ask how does consistent hashing work"))
	if r.Kind != KindAnswer || r.Title != "Consistent hashing" {
		t.Fatalf("reply = %+v; want the consistent hashing card", r)
	}
	if len(r.Fields) == 0 || r.Fields[0].Name != "Key points" {
		t.Errorf("fields = %+v; want key points", r.Fields)
	}
	if len(r.Buttons) < 2 || r.Buttons[0].Action != "share" || r.Buttons[1].Action != "topic" || !r.Ephemeral {
		t.Errorf("buttons = %+v, ephemeral %v; want a private answer with Share first, then related topics", r.Buttons, r.Ephemeral)
	}
	if !strings.Contains(r.Footer, "Sources:") {
		t.Errorf("footer = %q; want sources", r.Footer)
	}

	r = b.Handle(context.Background(), b.Parse("ask what's a good banana bread recipe"))
	if r.Kind != KindNoAnswer || len(r.Buttons) == 0 || !r.Ephemeral {
		t.Errorf("off-topic reply = %+v; want no answer with closest topics", r)
	}
	r = b.Handle(context.Background(), b.Parse("ask 请解释一致性哈希是怎么工作的"))
	if r.Kind != KindNoAnswer || r.Title != "English only, for now" || !strings.Contains(r.Text, "in English") || !r.Ephemeral {
		t.Errorf("reply to a question in Chinese = %+v; want a private note that only English is read", r)
	}
	r = b.Handle(context.Background(), b.Parse("ask bloom filter vs merkle tree"))
	if r.Kind != KindAnswer || len(r.Fields) != 2 || len(r.Buttons) != 2 {
		t.Errorf("comparison reply = %+v; want both cards", r)
	}
}

// TestLongQuestionIsCut: a question longer than knowledge.MaxQuery (a
// post that explains its situation at length, with a log pasted in) is
// answered from its start, and the reply says that only that was read; a
// short one's reply does not.
func TestLongQuestionIsCut(t *testing.T) {
	b := testBot(t)
	long := "How do I set up consistent hashing for our cache cluster so that adding a node does not move most of the keys? " +
		"We run twelve memcached nodes behind our API servers and hash keys with a plain modulo today. " +
		"Last week we added a thirteenth node and the hit rate fell to almost nothing for an hour while the database took the load.\n" +
		"```\n" + strings.Repeat("2026-11-30T10:00:00Z cache miss key=user:1234 node=7\n", 8) + "```\n" +
		"The client library is at https://example.com/some/very/long/path/to/the/client/library/docs. " +
		strings.Repeat("We also tried a few other things that did not help much. ", 5) +
		"What should we change?"
	if n := len([]rune(long)); n <= knowledge.MaxQuery || n > MaxText-4 {
		t.Fatalf("the question has %d characters; want more than %d and a command within %d", n, knowledge.MaxQuery, MaxText)
	}
	r := b.Handle(context.Background(), b.Parse("ask "+long))
	if r.Kind == KindError || r.TopicID != "consistent-hashing" {
		t.Fatalf("long question: %s %q (topic %q); want the consistent hashing card", r.Kind, r.Text, r.TopicID)
	}
	if !strings.Contains(r.Footer, "first 500 characters") {
		t.Errorf("long question's footer %q does not say only its start was read", r.Footer)
	}
	r = b.Handle(context.Background(), b.Parse("ask how does consistent hashing work"))
	if strings.Contains(r.Footer, "first 500 characters") {
		t.Errorf("short question's footer %q says it was cut", r.Footer)
	}
}

func TestBadInput(t *testing.T) {
	b := testBot(t)
	tests := []struct {
		text string
		want string
	}{
		{"ask", "Ask me a question"},
		{"ask    ", "Ask me a question"},
		{"ask " + strings.Repeat("a ", 1500), "too long"},
		{"topic", "Which topic?"},
		{"topic cache", "Did you mean `"},
		{"topic zzzzqqqq", "There is no topic"},
		{"random cooking", `no category "cooking"`},
		{"list cooking", `no category "cooking"`},
		{"aks what", "Did you mean `ask`?"},
		{"quz", "Did you mean `quiz`?"},
		{"subscirbe time:09:00", "Did you mean `subscribe`?"},
		{"help nosuch", "There is no command"},
	}
	for _, tt := range tests {
		r := b.Handle(context.Background(), b.Parse(tt.text))
		if r.Kind != KindError || !r.Ephemeral || !strings.Contains(r.Text, tt.want) {
			t.Errorf("Handle(%.40q) = %+v; want an ephemeral error containing %q", tt.text, r, tt.want)
		}
	}
}

// TestTopicShowsWholeCard: topic (and the Read more button, which runs it)
// shows every body section, whole key points and the tables' rows.
func TestTopicShowsWholeCard(t *testing.T) {
	b := testBot(t)
	r := b.Handle(context.Background(), b.Parse("topic isolation-levels"))
	c, err := b.kb.Set().Card("isolation-levels")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range c.Sections() {
		if s.Name != "Key points" && !strings.Contains(r.Text, "**"+s.Name+"**") {
			t.Errorf("topic isolation-levels lacks the section %q", s.Name)
		}
	}
	if !strings.Contains(r.Text, "Read committed    no") {
		t.Errorf("topic isolation-levels lacks the table's rows:\n%s", r.Text)
	}
	var points string
	for _, f := range r.Fields {
		if f.Name == "Key points" {
			points = f.Value
		}
	}
	for _, p := range c.KeyPoints() {
		if !strings.Contains(points, p) {
			t.Errorf("key points lack %q", p)
		}
	}
	if !strings.Contains(points, "vs repeatable read (MySQL InnoDB)") {
		t.Errorf("the key point about default levels is cut: %q", points)
	}
}

// TestBareQuestion: people type the question without "ask" first.
func TestBareQuestion(t *testing.T) {
	b := testBot(t)
	for _, text := range []string{"how does consistent hashing work", "consistent hashing"} {
		r := b.Handle(context.Background(), b.Parse(text))
		if r.Kind != KindAnswer || r.TopicID != "consistent-hashing" {
			t.Errorf("Handle(%q) = kind %s, topic %q; want the consistent-hashing card", text, r.Kind, r.TopicID)
		}
	}
	if r := b.Handle(context.Background(), b.Parse("xyzzy plugh")); r.Kind != KindNoAnswer {
		t.Errorf("Handle(xyzzy plugh) = kind %s; want no answer, as a question", r.Kind)
	}
}

func TestTopicRandomList(t *testing.T) {
	b := testBot(t)
	ctx := context.Background()
	if r := b.Handle(ctx, b.Parse("topic bloom-filter")); r.Kind != KindAnswer || r.Title != "Bloom filters" {
		t.Errorf("topic by id = %+v", r)
	}
	if r := b.Handle(ctx, b.Parse("topic Bloom filters")); r.Kind != KindAnswer || r.Title != "Bloom filters" {
		t.Errorf("topic by title = %+v", r)
	}
	if r := b.Handle(ctx, b.Parse("topic consistnt-hashing")); r.Kind != KindAnswer || r.Title != "Consistent hashing" {
		t.Errorf("topic with a typo = %+v", r)
	}
	last := b.kb.Set().InCategory("caching")
	if r := b.Handle(ctx, b.Parse("random caching")); r.Title != last[len(last)-1].Title {
		t.Errorf("random caching = %q; want %q", r.Title, last[len(last)-1].Title)
	}
	r := b.Handle(ctx, b.Parse("list"))
	if r.Kind != KindList || !strings.Contains(r.Text, "databases") {
		t.Errorf("list = %+v", r)
	}
	r = b.Handle(ctx, b.Parse("list caching"))
	if !strings.Contains(r.Text, "`redis-vs-memcached`") {
		t.Errorf("list caching = %+v", r)
	}
}

func TestHelpFromTable(t *testing.T) {
	b := testBot(t)
	r := b.Handle(context.Background(), b.Parse(""))
	for _, c := range b.Commands() {
		if !strings.Contains(r.Text, "/sd "+c.Name) {
			t.Errorf("help does not list %s", c.Name)
		}
		if len(c.Description) > 100 {
			t.Errorf("%s: description longer than 100 characters", c.Name)
		}
	}
	r = b.Handle(context.Background(), b.Parse("help ask"))
	if r.Title != "/sd ask" || len(r.Fields) != 2 {
		t.Errorf("help ask = %+v", r)
	}
}

func TestSuggest(t *testing.T) {
	b := testBot(t)
	got := b.Suggest("bloom", 25)
	if len(got) == 0 || got[0].Value != "bloom-filter" || got[0].Label != "Bloom filters" {
		t.Errorf("Suggest(bloom) = %+v", got)
	}
	if got := b.Suggest("", 25); len(got) != 25 {
		t.Errorf("Suggest(\"\") = %d; want 25", len(got))
	}
	r := b.Handle(context.Background(), b.Parse("topic bloom-filter"))
	if r.TopicID != "bloom-filter" {
		t.Errorf("TopicID = %q", r.TopicID)
	}
}

// A refusal says what the closest card is about, so the asker can tell
// whether it is what they meant; the other close topics are names only,
// and a design prompt without a case study lists building blocks alone.
// A question no card is near is told so, and its far-off closest topics
// are names to browse, not described as a near miss.
func TestNoAnswerSummarisesTheClosestCard(t *testing.T) {
	b := testBot(t)
	// a near miss: refits move such borderline questions, so another may
	// be needed after one ("is redis enough for this?" was answered after
	// the refit of 2026-12-05, as "is kafka enough for this?" already was)
	q := "is redis overkill here?"
	a, err := shipped.Answer(context.Background(), q)
	if err != nil || a.Answered || a.Unrelated() || len(a.Results) < 2 {
		t.Fatalf("Answer(%q) = %+v, %v; the test needs a near refusal with close topics", q, a, err)
	}
	r := b.Handle(context.Background(), b.Parse("ask "+q))
	lines := strings.Split(r.Text, "\n")
	first, second := a.Results[0].Card, a.Results[1].Card
	if r.Title != "No good answer" || len(lines) < 3 || !strings.Contains(lines[1], first.Title) || !strings.HasSuffix(lines[1], ": "+first.Summary) {
		t.Errorf("refusal = %q, %q; want no good answer and the closest card, %s, with its summary", r.Title, r.Text, first.ID)
	}
	if len(lines) < 3 || !strings.Contains(lines[2], second.Title) || strings.Contains(lines[2], second.Summary) {
		t.Errorf("refusal = %q; want the second card, %s, by name only", r.Text, second.ID)
	}

	q = "what's a good banana bread recipe"
	if a, err := shipped.Answer(context.Background(), q); err != nil || a.Answered || !a.Unrelated() || len(a.Results) == 0 {
		t.Fatalf("Answer(%q) = %+v, %v; the test needs a question no card is near", q, a, err)
	} else if r := b.Handle(context.Background(), b.Parse("ask "+q)); r.Title != "Not a topic I know" || !strings.Contains(r.Text, a.Results[0].Card.Title) || strings.Contains(r.Text, a.Results[0].Card.Summary) {
		t.Errorf("unrelated refusal = %q, %q; want it called not a topic I know, with the nearest card by name only", r.Title, r.Text)
	}

	q = "design a stock brokerage app like robinhood"
	if a, err := shipped.Answer(context.Background(), q); err != nil || a.Answered || !a.Design || len(a.Results) == 0 {
		t.Fatalf("Answer(%q) = %+v, %v; the test needs a design prompt without a card", q, a, err)
	} else if r := b.Handle(context.Background(), b.Parse("ask "+q)); strings.Contains(r.Text, a.Results[0].Card.Summary) {
		t.Errorf("design refusal = %q; want building blocks by name only", r.Text)
	} else if !strings.Contains(r.Footer, "`/sd list case-studies`") {
		t.Errorf("design refusal footer = %q; want it to point to the list of case studies", r.Footer)
	} else if g := a.Guide; g == nil {
		t.Errorf("Answer(%q).Guide = nil; want the card on how to approach any design", q)
	} else if !strings.Contains(r.Text, "Start with **"+g.Title+"**") || strings.Count(r.Text, g.Title) != 1 {
		t.Errorf("design refusal = %q; want it to start with %s, once", r.Text, g.ID)
	} else if len(r.Buttons) < 2 || r.Buttons[0].Value != g.ID || r.Buttons[1].Value == g.ID {
		t.Errorf("design refusal buttons = %+v; want %s first, then the building blocks", r.Buttons, g.ID)
	}
	// The category the footer names must list the case studies.
	if r := b.Handle(context.Background(), b.Parse("list case-studies")); r.Kind != KindList || !strings.Contains(r.Text, "design-twitter") {
		t.Errorf("list case-studies = %v %q; want the case studies the design refusal points to", r.Kind, r.Text)
	}
}

// The design refusal names the guide first and does not list it again
// among the building blocks, even when the prompt's words found it; a
// refusal that is no design lists it like any other card.
func TestDesignRefusalListsTheGuideOnce(t *testing.T) {
	b := testBot(t)
	guide, err := shipped.Set().Card("system-design-blueprint")
	if err != nil {
		t.Fatal(err)
	}
	other, err := shipped.Set().Card("caching-strategies")
	if err != nil {
		t.Fatal(err)
	}
	results := []knowledge.Result{{Card: guide}, {Card: other}}
	r := b.noAnswer(&knowledge.Answer{Query: "design a vending machine", Design: true, Guide: guide, Results: results})
	if strings.Count(r.Text, guide.Title) != 1 || !strings.Contains(r.Text, other.Title) {
		t.Errorf("design refusal = %q; want %s once and %s", r.Text, guide.ID, other.ID)
	}
	if len(r.Buttons) != 2 || r.Buttons[0].Value != guide.ID || r.Buttons[1].Value != other.ID {
		t.Errorf("design refusal buttons = %+v; want %s, then %s", r.Buttons, guide.ID, other.ID)
	}
	r = b.noAnswer(&knowledge.Answer{Query: "how do i cache", Results: results})
	if !strings.Contains(r.Text, guide.Title) || len(r.Buttons) != 2 {
		t.Errorf("refusal = %q, %+v; want both cards listed", r.Text, r.Buttons)
	}
}

// A design prompt without a case study lists the case studies its words
// found as the nearest designs covered, apart from the building blocks:
// a case study is not a building block.
func TestDesignRefusalSeparatesDesignsFromBlocks(t *testing.T) {
	b := testBot(t)
	card := func(id string) *knowledge.Card { return mustCard(t, b, id) }
	guide, video, stream, exchange := card("system-design-blueprint"), card("design-video-streaming"), card("stream-processing-windows"), card("stock-exchange-design")
	results := []knowledge.Result{{Card: stream}, {Card: video}, {Card: exchange}}
	r := b.noAnswer(&knowledge.Answer{Query: "design a music streaming service", Design: true, Guide: guide, Results: results})
	designs, blocks := strings.Index(r.Text, "nearest designs"), strings.Index(r.Text, "Building blocks")
	at := func(c *knowledge.Card) int { return strings.Index(r.Text, c.Title) }
	if designs < 0 || blocks < 0 || !(designs < at(video) && at(video) < at(exchange) && at(exchange) < blocks && blocks < at(stream)) {
		t.Errorf("design refusal = %q; want %s and %s as the nearest designs, then %s as a building block", r.Text, video.ID, exchange.ID, stream.ID)
	}
	if len(r.Buttons) != 4 || r.Buttons[0].Value != guide.ID {
		t.Errorf("design refusal buttons = %+v; want the guide and the three cards", r.Buttons)
	}
	r = b.noAnswer(&knowledge.Answer{Query: "design a vending machine", Design: true, Results: results[:1]})
	if strings.Contains(r.Text, "nearest designs") || !strings.Contains(r.Text, "These building blocks may help:\n• **"+stream.Title) {
		t.Errorf("design refusal without a guide = %q; want the building blocks alone", r.Text)
	}
}

// An answer on a close call says so before the card, names the next
// closest cards and offers them as the first buttons; a sure answer has
// none of that.
func TestTentativeAnswerSaysSo(t *testing.T) {
	b := testBot(t)
	q := "how do I secure service to service calls"
	a, err := shipped.Answer(context.Background(), q)
	if err != nil || !a.Tentative() || len(a.Results) < 3 {
		t.Fatalf("Answer(%q) = %+v, %v; the test needs an answer on a close call with other close cards", q, a, err)
	}
	r := b.Handle(context.Background(), b.Parse("ask "+q))
	var near []string
	for _, res := range a.Results {
		if res.Card != a.Card && len(near) < 2 {
			near = append(near, res.Card.ID)
		}
	}
	if r.Kind != KindAnswer || r.Title != a.Card.Title || !strings.HasPrefix(r.Text, "A close call:") {
		t.Errorf("reply = %v %q %q; want %s's card, first saying it is a close call", r.Kind, r.Title, r.Text, a.Card.ID)
	}
	first, _, _ := strings.Cut(r.Text, "\n")
	var topics []string
	for _, btn := range r.Buttons {
		if btn.Action == "topic" {
			topics = append(topics, btn.Value)
		}
	}
	for i, id := range near {
		if !strings.Contains(first, "`"+id+"`") {
			t.Errorf("first line = %q; want it to name %s", first, id)
		}
		if len(topics) <= i || topics[i] != id {
			t.Errorf("topic buttons = %v; want %s as topic button %d", topics, id, i)
		}
	}
	if !strings.Contains(r.Text, a.Card.Summary) {
		t.Errorf("reply = %q; want the card's summary after the warning", r.Text)
	}

	q = "should I use threads or processes"
	if a, err := shipped.Answer(context.Background(), q); err != nil || !a.Answered || a.Tentative() {
		t.Fatalf("Answer(%q) = %+v, %v; the test needs a sure answer", q, a, err)
	}
	if r := b.Handle(context.Background(), b.Parse("ask "+q)); strings.Contains(r.Text, "close call") {
		t.Errorf("sure answer = %q; want no close-call warning", r.Text)
	}
}

// A design prompt without a case study does not list, as near it, the
// cards that share only a company's name with it: "design google
// calendar" is not near the Google Docs or Google Maps designs.
func TestDesignRefusalLeavesOutSharedNames(t *testing.T) {
	b := testBot(t)
	r := b.Handle(context.Background(), b.Parse("ask design google calendar"))
	if r.Title != "No card for that design yet" {
		t.Fatalf("reply = %q: %q; the test needs a design refusal", r.Title, r.Text)
	}
	for _, id := range []string{"google-docs-design", "design-google-maps"} {
		if strings.Contains(r.Text, "`"+id+"`") || slices.ContainsFunc(r.Buttons, func(btn Button) bool { return btn.Value == id }) {
			t.Errorf("design refusal = %q, %+v; want no %s", r.Text, r.Buttons, id)
		}
	}
	if !strings.Contains(r.Text, "system-design-blueprint") {
		t.Errorf("design refusal = %q; want the guide", r.Text)
	}
}
