package knowledge

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"gopkg.in/yaml.v3"
)

func TestEmbeddedCardsValid(t *testing.T) {
	set, errs := Load()
	for _, err := range errs {
		t.Error(err)
	}
	if set.Len() == 0 {
		t.Fatal("no embedded cards")
	}
}

// TestCatalogCoverage fails for each catalog topic without a card, when
// the shared catalogs (the core topics and wave 2) sit beside the checkout.
func TestCatalogCoverage(t *testing.T) {
	set, _ := Load()
	for _, name := range []string{"topics.yaml", "topics-wave2.yaml"} {
		path := filepath.Join(sharedDir, "knowledge", name)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Skipf("no catalog at %s: %v", path, err)
		}
		var catalog map[string][]struct {
			ID       string `yaml:"id"`
			Category string `yaml:"category"`
		}
		if err := yaml.Unmarshal(data, &catalog); err != nil {
			t.Fatalf("parse %s: %v", path, err)
		}
		n := 0
		for list, topics := range catalog {
			for _, topic := range topics {
				n++
				c, err := set.Card(topic.ID)
				if err != nil {
					t.Errorf("%s %s: catalog topic %q has no card", name, list, topic.ID)
					continue
				}
				if c.Category != topic.Category {
					t.Errorf("%s %s: card %q has category %q; the catalog says %q", name, list, topic.ID, c.Category, topic.Category)
				}
			}
		}
		if n == 0 {
			t.Fatalf("catalog %s lists no topics", path)
		}
	}
}

func TestPackLoading(t *testing.T) {
	set, errs := Load(filepath.Join("testdata", "pack"))
	if len(errs) != 0 {
		t.Fatalf("Load(pack) errors = %v; want none", errs)
	}
	c, err := set.Card("team-incident-review")
	if err != nil {
		t.Fatalf("pack card not loaded: %v", err)
	}
	if c.Pack == "" {
		t.Errorf("pack card has no Pack set")
	}
}

func TestBrokenPackReportedOthersLoad(t *testing.T) {
	dir := filepath.Join("testdata", "brokenpack")
	set, errs := Load(dir)
	if _, err := set.Card("pack-override-ok"); err != nil {
		t.Errorf("the valid card of the broken pack did not load: %v", err)
	}
	if _, err := set.Card("consistent-hashing"); err != nil {
		t.Errorf("embedded cards did not load beside a broken pack: %v", err)
	}
	for _, name := range []string{"broken-card.md", "bad-yaml.md"} {
		found := false
		for _, e := range errs {
			if strings.Contains(e.Error(), filepath.Join(dir, "databases", name)+": ") {
				found = true
			}
		}
		if !found {
			t.Errorf("no error names %s; errors: %v", name, errs)
		}
	}
	if _, errs := Load(filepath.Join("testdata", "no-such-dir")); len(errs) != 1 || !strings.Contains(errs[0].Error(), "cannot read pack directory") {
		t.Errorf("missing pack dir: errors = %v", errs)
	}
}

func TestAssemble(t *testing.T) {
	parse := func(id, category string, mutate func(string) string) *Card {
		text := validCard(id)
		text = strings.Replace(text, "category: databases", "category: "+category, 1)
		if mutate != nil {
			text = mutate(text)
		}
		c, err := parseCard(category+"/"+id+".md", []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	relate := func(ids string) func(string) string {
		return func(s string) string { return strings.Replace(s, "[other-one, other-two]", "["+ids+"]", 1) }
	}
	base := []*Card{
		parse("other-one", "databases", relate("other-two, missing-id")),
		parse("other-two", "databases", relate("other-one, other-one")),
	}
	override := parse("other-two", "caching", relate("other-one, other-one"))
	dup := parse("other-one", "caching", relate("other-two, other-two"))
	set, errs := assemble(base, []*Card{override, dup, dup})
	if c, _ := set.Card("other-two"); c.Category != "caching" {
		t.Errorf("pack card did not override: category %q", c.Category)
	}
	var msgs []string
	for _, e := range errs {
		msgs = append(msgs, e.Error())
	}
	all := strings.Join(msgs, "\n")
	if !strings.Contains(all, `id "other-one" is also used by`) {
		t.Errorf("duplicate id not reported: %s", all)
	}
	if strings.Contains(all, "missing-id") {
		t.Errorf("overridden card's related should not matter once replaced: %s", all)
	}
	set, errs = assemble(base)
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), `related id "missing-id" does not exist`) {
		t.Errorf("assemble errors = %v; want one unknown related id", errs)
	}
	if c, _ := set.Card("other-one"); len(c.Related) != 1 {
		t.Errorf("unknown related id kept: %v", c.Related)
	}
}

func TestReadCardsCategoryDirectory(t *testing.T) {
	fsys := fstest.MapFS{"caching/test-topic.md": {Data: []byte(validCard("test-topic"))}}
	cards, errs := readCards(fsys, "pack")
	if len(cards) != 0 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "directory caching") {
		t.Errorf("readCards = %d cards, %v; want the card refused for its directory", len(cards), errs)
	}
}

// TestQuizFairness holds the deck's quizzes to the rules that keep them
// from being won by picking the longest choice: across the embedded cards
// the right choice is the longest in at most 35% of items, its mean length
// is within 0.8-1.25 of the wrong ones', and no item's right choice is
// twice the mean of its wrong ones.
func TestQuizFairness(t *testing.T) {
	set, _ := Load()
	var items, longest, shortest int
	var ratios float64
	for _, c := range set.Cards() {
		for i, q := range c.Quiz {
			if q.Answer < 0 || q.Answer >= len(q.Choices) || len(q.Choices) < 2 {
				continue
			}
			right, longestWrong := q.lengths()
			shortestWrong, sum := -1, 0
			for j, ch := range q.Choices {
				if j == q.Answer {
					continue
				}
				n := len([]rune(ch))
				sum += n
				if shortestWrong < 0 || n < shortestWrong {
					shortestWrong = n
				}
			}
			mean := float64(sum) / float64(len(q.Choices)-1)
			items++
			if right > longestWrong {
				longest++
			}
			if right < shortestWrong {
				shortest++
			}
			ratios += float64(right) / mean
			if float64(right) >= 2*mean {
				t.Errorf("%s quiz[%d]: right choice %d characters, twice the wrong ones' mean %.0f", c.ID, i, right, mean)
			}
		}
	}
	if items == 0 {
		t.Fatal("no quiz items")
	}
	share, ratio := float64(longest)/float64(items), ratios/float64(items)
	t.Logf("%d items: right choice longest in %.0f%%, shortest in %.0f%%, mean length ratio %.2f", items, 100*share, 100*float64(shortest)/float64(items), ratio)
	if share > 0.35 {
		t.Errorf("right choice is the longest in %.0f%% of items; want at most 35%%", 100*share)
	}
	if ratio < 0.8 || ratio > 1.25 {
		t.Errorf("mean length ratio of right to wrong choices %.2f; want 0.8-1.25", ratio)
	}
}
