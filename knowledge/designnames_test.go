package knowledge

import (
	"context"
	"testing"
)

// The names several designs share are the companies' the cards write as
// proper names, not the words of what is designed, nor a name only one
// design has.
func TestDesignNames(t *testing.T) {
	x := shippedIndex(t)
	names := x.designNames()
	for _, w := range []string{"google", "amazon"} {
		if !names[x.stemWord(w)] {
			t.Errorf("%q is not a name designs share; want it to be (names: %v)", w, names)
		}
	}
	for _, w := range []string{"streaming", "chat", "calendar", "instagram", "design", "system"} {
		if names[x.stemWord(w)] {
			t.Errorf("%q is a name designs share; want it not to be", w)
		}
	}
}

// A word counts as written capitalised only in the middle of a sentence:
// not first in a sentence, a line of a list or a heading.
func TestMidSentenceCase(t *testing.T) {
	upper, lower := map[string]int{}, map[string]int{}
	midSentenceCase("Redis is fast. We use Redis, and Postgres. Slack it off: Slack\n- Kafka logs\n## Kafka\nread the redis docs (Kafka too)", upper, lower)
	want := map[string][2]int{"redis": {1, 1}, "postgres": {1, 0}, "slack": {0, 0}, "kafka": {0, 0}, "we": {0, 0}, "use": {0, 1}}
	for w, n := range want {
		if upper[w] != n[0] || lower[w] != n[1] {
			t.Errorf("%q: %d capitalised, %d lower case; want %d and %d", w, upper[w], lower[w], n[0], n[1])
		}
	}
}

// A design prompt no card answers is not offered the designs and blocks
// that share only a company's name with it; a design that shares what is
// designed still is.
func TestByNameOnly(t *testing.T) {
	x := shippedIndex(t)
	// ask gives the first of qs the bot refuses with results: the test is
	// of the marks on a refusal's list, and a refit may come to answer one
	// of these prompts as a close call with the design nearest to it
	ask := func(qs ...string) *Answer {
		t.Helper()
		for _, q := range qs {
			a, err := x.Answer(context.Background(), q)
			if err != nil {
				t.Fatalf("Answer(%q): %v", q, err)
			}
			if !a.Answered && a.Design && len(a.Results) > 0 {
				return a
			}
		}
		t.Fatalf("none of %q is refused with results; the test needs a refused design prompt", qs)
		return nil
	}
	named := ask("design google calendar", "design amazon alexa")
	for _, res := range named.Results {
		if !res.ByNameOnly() {
			t.Errorf("%s: %s is near; want every result shared only the name", named.Query, res.Card.ID)
		}
	}
	music := ask("design a music streaming service like spotify", "design an audio streaming service like spotify", "design a music streaming app")
	var video bool
	for _, res := range music.Results {
		if res.ByNameOnly() {
			t.Errorf("%s: %s shares only names; want none to", music.Query, res.Card.ID)
		}
		video = video || res.Card.ID == "design-video-streaming"
	}
	if !video {
		t.Errorf("%s: the video streaming design is not among the results", music.Query)
	}
	// an answer is not marked: the marks are for the refusal's list
	a, err := x.Answer(context.Background(), "design google docs")
	if err != nil || !a.Answered {
		t.Fatalf("Answer(design google docs) = %+v, %v; want an answer", a, err)
	}
	for _, res := range a.Results {
		if res.ByNameOnly() {
			t.Errorf("design google docs: %s marked; want no marks on an answer", res.Card.ID)
		}
	}
}
