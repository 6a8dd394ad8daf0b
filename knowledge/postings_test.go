package knowledge

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// TestPostingsMatchBleve checks that a question's search as the answer
// runs it (term queries read from the in-memory postings, scored by the
// query plan or, for the queries it does not cover, by bleve's searchers
// with topHits keeping the best) finds the same cards as bleve's own term
// queries and search, in the same order and with the same scores to the
// bit, synonyms, fuzzy terms and terms no card has included.
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
	checked, planned, merged := 0, 0, 0
	for _, q := range qs {
		c, err := clean(q)
		if err != nil {
			continue
		}
		p := x.prepare(c)
		if root, ok := x.post.plan(x.buildQuery(p, x.post.term)); ok && root.clauses != nil {
			planned++
			if root.merges() {
				merged++
			}
		}
		for _, n := range []int{rerankDepth, 1000} {
			res, err := x.bleve.SearchInContext(ctx, bleve.NewSearchRequestOptions(x.buildQuery(p, bleveTerm), n, 0, false))
			if err != nil {
				t.Fatal(err)
			}
			want := res.Hits
			searches := []struct {
				name string
				run  func(context.Context, query.Query, int) ([]hit, error)
			}{{"topHits", x.post.topHits}, {"best", x.post.best}}
			for _, s := range searches {
				got, err := s.run(ctx, x.buildQuery(p, x.post.term), n)
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != len(want) {
					t.Errorf("%s(%q): %d hits; bleve %d", s.name, q, len(got), len(want))
					continue
				}
				for i := range want {
					if got[i].ID != want[i].ID || got[i].Score != want[i].Score {
						t.Errorf("%s(%q): hit %d of %d is %s %v; bleve's %s %v", s.name, q, i, n, got[i].ID, got[i].Score, want[i].ID, want[i].Score)
						break
					}
				}
			}
		}
		checked++
	}
	if checked < 100 || planned != checked || merged == 0 || merged == checked {
		t.Fatalf("%d questions checked, %d of them by their plan, %d merged by a heap; want over 100, all planned, some merged", checked, planned, merged)
	}
	t.Logf("%d questions checked, all by their plan, %d merged by a heap", checked, merged)
}

// TestTopHitsCancelled checks that a cancelled search stops with the
// context's error.
func TestTopHitsCancelled(t *testing.T) {
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
