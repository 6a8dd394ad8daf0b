package knowledge

import (
	"slices"
	"testing"
)

func TestNameHead(t *testing.T) {
	for name, want := range map[string]string{
		"Design a parking lot (object-oriented design interviews)": "Design a parking lot",
		"Design a maps service: tiles, routing and ETA":            "Design a maps service",
		"OR-Set": "OR-Set",
	} {
		if got := nameHead(name); got != want {
			t.Errorf("nameHead(%q) = %q; want %q", name, got, want)
		}
	}
}

func TestPromptNames(t *testing.T) {
	x := shippedIndex(t)
	for q, want := range map[string]string{
		"design a maps app":          "design-google-maps", // title "Design a maps service"
		"build a blob store":         "design-s3",          // alias "blob store design"
		"how would you design slack": "design-chat-system", // alias "Slack design"
		"design a parking lot":       "design-parking-lot", // title without its gloss
	} {
		p := x.prepare(q)
		if got := x.namedCards(p); !slices.Contains(got[0], want) {
			t.Errorf("%q names %v; want %s among the first", q, got, want)
		}
	}
	// a design verb further in frames the question without prompting a
	// design: it names no case study by its topic
	p := x.prepare("is there a good way of implementing maps in go")
	if got := x.namedCards(p); slices.Contains(got[0], "design-google-maps") {
		t.Errorf("%q names %v", p.raw, got)
	}
}

func TestHyphenNamed(t *testing.T) {
	x := shippedIndex(t)
	for q, want := range map[string][]string{
		"read-through":          {"caching-strategies"},
		"what is write-through": {"caching-strategies"},
		"Retry-After":           {"retries-backoff-jitter"},
		"read replicas":         nil, // not a name: another stem
		"read":                  nil, // the stem alone does not write the name out
		"read-through cache":    nil, // more than the name: left to the ranking
	} {
		p := x.prepare(q)
		if got := x.hyphenNamed(p, x.stems(p.text)); !slices.Equal(got, want) {
			t.Errorf("%q: %v; want %v", q, got, want)
		}
	}
}
