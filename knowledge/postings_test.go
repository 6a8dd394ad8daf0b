package knowledge

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
)

// TestPostingsMatchBleve checks that a question's search as the answer
// runs it (its query planned over the in-memory postings) finds the same
// cards as bleve's own term queries and search, in the same order (ties
// in the order of the cards' ids, where bleve keeps its index's order,
// which varies from build to build) and with the same scores to the bit,
// synonyms, fuzzy terms, terms no card has and disjunctions bleve merges
// with its heap searcher included.
func TestPostingsMatchBleve(t *testing.T) {
	x := shippedIndex(t)
	qs := append([]string{
		"2PC vs saga", "consistnt hashing virtual nodes", "kafak partitions",
		"mvcc", "lb health checks", "sso and totp", "qwzrtyx", "how does a load balancer work",
	}, benchQuestions...)
	for _, f := range []string{"real-dev.yaml", "heldout-a.yaml", "heldout-b.yaml"} {
		items, _ := readEval(t, filepath.Join("testdata", "eval", f))
		for _, it := range items {
			qs = append(qs, it.Q)
		}
	}
	ctx := context.Background()
	checked, merged := 0, 0
	for _, q := range qs {
		c, _, err := clean(q)
		if err != nil {
			continue
		}
		p := x.prepare(c)
		b := &planBuilder{p: x.post, ok: true}
		root := buildQuery(x, p, b)
		if !b.ok || root.clauses == nil {
			t.Errorf("%q: no query plan", q)
			continue
		}
		if root.merges() {
			merged++
		}
		// every hit bleve finds, ties put in the order of the cards' ids
		// as the plan puts them (better), then the first n
		res, err := x.bleve.SearchInContext(ctx, bleve.NewSearchRequestOptions(buildQuery(x, p, bleveQuery{}), 1000, 0, false))
		if err != nil {
			t.Fatal(err)
		}
		all := slices.Clone(res.Hits)
		slices.SortStableFunc(all, func(a, b *search.DocumentMatch) int {
			if c := cmp.Compare(b.Score, a.Score); c != 0 {
				return c
			}
			return strings.Compare(a.ID, b.ID)
		})
		for _, n := range []int{rerankDepth, 1000} {
			want := all[:min(n, len(all))]
			got, err := x.hits(ctx, p, n)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Errorf("%q: %d hits; bleve %d", q, len(got), len(want))
				continue
			}
			for i := range want {
				if got[i].ID != want[i].ID || got[i].Score != want[i].Score {
					t.Errorf("%q: hit %d of %d is %s %v; bleve's %s %v", q, i, n, got[i].ID, got[i].Score, want[i].ID, want[i].Score)
					break
				}
			}
		}
		checked++
	}
	if checked < 100 || merged == 0 || merged == checked {
		t.Fatalf("%d questions checked, %d of them with a heap disjunction; want over 100, some but not all", checked, merged)
	}
}

// TestPlanRefusesOtherQueries checks that the plan refuses what it does
// not cover, which bleve then searches: a field the postings lack, and a
// disjunction that needs more than one clause to match.
func TestPlanRefusesOtherQueries(t *testing.T) {
	x := shippedIndex(t)
	for name, build := range map[string]func(b *planBuilder) *planNode{
		"unknown field": func(b *planBuilder) *planNode {
			return b.or(0, []*planNode{b.term("hash", "body", 1), b.term("hash", "nofield", 1)})
		},
		"min 2": func(b *planBuilder) *planNode {
			return b.or(0, []*planNode{b.or(2, []*planNode{b.term("hash", "body", 1), b.term("consist", "body", 1)})})
		},
	} {
		b := &planBuilder{p: x.post, ok: true}
		if build(b); b.ok {
			t.Errorf("plan of %s: ok; want left to bleve", name)
		}
	}
	b := &planBuilder{p: x.post, ok: true}
	if root := buildQuery(x, x.prepare("consistent hashing"), b); !b.ok || root == nil {
		t.Errorf("plan of a question refused")
	}
}

// TestSearchCancelled checks that a cancelled search stops with the
// context's error.
func TestSearchCancelled(t *testing.T) {
	x := shippedIndex(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := x.Search(ctx, "consistent hashing", 5)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Search(cancelled) = %v; want %v", err, context.Canceled)
	}
}

// TestConcurrentAnswers checks that answers computed at once, sharing the
// in-memory postings and the pooled document matches, are those computed
// one by one.
func TestConcurrentAnswers(t *testing.T) {
	x := shippedIndex(t)
	ctx := context.Background()
	want := map[string]string{}
	for _, q := range benchQuestions {
		a, err := x.answer(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		want[q] = fmt.Sprint(a.Answered, a.Passage, a.Results)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 20 {
				q := benchQuestions[(g+i)%len(benchQuestions)]
				a, err := x.answer(ctx, q)
				if err != nil {
					t.Error(err)
					return
				}
				if got := fmt.Sprint(a.Answered, a.Passage, a.Results); got != want[q] {
					t.Errorf("answer(%q) at once = %s; one by one %s", q, got, want[q])
				}
			}
		})
	}
	wg.Wait()
}

// merges reports whether bleve runs some disjunction of the plan with its
// heap searcher.
func (n *planNode) merges() bool {
	if n.heap {
		return true
	}
	for _, c := range n.clauses {
		if c.merges() {
			return true
		}
	}
	return false
}

// TestSameHitsEveryBuild: every build of the index ranks a question's
// cards the same way, ties included. Bleve numbers the cards in the order
// a build's batch hands them over, which varies, and ties used to follow
// it: a card tied at the edge of the ranked depth was searched in one
// build and not in another, and a question's second card, margin and
// likelihood changed when the bot restarted.
func TestSameHitsEveryBuild(t *testing.T) {
	builds := []*Index{shippedIndex(t), shippedIndex(t), shippedIndex(t)}
	qs := []string{
		"matplotlib heatmap colorbar labels overlapping, how to fix",
		"translate 'see you tomorrow' to german", "how you configure vpc",
		"are dockers khakis still in fashion", "what is a load balancer",
	}
	items, _ := readEval(t, filepath.Join("testdata", "eval", "real-dev.yaml"))
	for _, it := range items {
		qs = append(qs, it.Q)
	}
	ctx := context.Background()
	for _, q := range qs {
		c, _, err := clean(q)
		if err != nil {
			continue
		}
		var first []hit
		var firstAnswer *Answer
		for i, x := range builds {
			got, err := x.hits(ctx, x.prepare(c), 1000)
			if err != nil {
				t.Fatal(err)
			}
			a, err := x.answer(ctx, c)
			if err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				first, firstAnswer = got, a
				continue
			}
			if !slices.EqualFunc(got, first, func(a, b hit) bool { return a.ID == b.ID }) {
				t.Errorf("%q: build %d ranks its cards otherwise than build 0", q, i)
			}
			if len(a.Results) != len(firstAnswer.Results) || a.Answered != firstAnswer.Answered ||
				math.Abs(a.likelihood-firstAnswer.likelihood) > 1e-9 {
				t.Errorf("%q: build %d answers with likelihood %v, build 0 with %v", q, i, a.likelihood, firstAnswer.likelihood)
			}
		}
	}
}
