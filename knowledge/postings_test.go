package knowledge

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2"
)

// TestPostingsMatchBleve checks that a question's search as the answer
// runs it (term queries read from the in-memory postings, the best hits
// kept by topHits) finds the same cards as bleve's own term queries and
// search, in the same order and with the same scores to the bit, synonyms,
// fuzzy terms and terms no card has included.
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
	checked := 0
	for _, q := range qs {
		c, err := clean(q)
		if err != nil {
			continue
		}
		p := x.prepare(c)
		for _, n := range []int{rerankDepth, 1000} {
			res, err := x.bleve.SearchInContext(ctx, bleve.NewSearchRequestOptions(x.buildQuery(p, bleveTerm), n, 0, false))
			if err != nil {
				t.Fatal(err)
			}
			got, err := x.post.topHits(ctx, x.buildQuery(p, x.post.term), n)
			if err != nil {
				t.Fatal(err)
			}
			want := res.Hits
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
	if checked < 100 {
		t.Fatalf("only %d questions checked", checked)
	}
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
