package knowledge

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// TestPostingsMatchBleve checks that the questions' queries read from the
// in-memory postings find the same cards as bleve's own term queries, in
// the same order and with the same scores to the bit, synonyms, fuzzy
// terms and terms no card has included.
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
	search := func(q query.Query) *bleve.SearchResult {
		res, err := x.bleve.SearchInContext(context.Background(), bleve.NewSearchRequestOptions(q, 1000, 0, false))
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	checked := 0
	for _, q := range qs {
		c, err := clean(q)
		if err != nil {
			continue
		}
		p := x.prepare(c)
		want := search(x.buildQuery(p, bleveTerm)).Hits
		got := search(x.buildQuery(p, x.post.term)).Hits
		if len(got) != len(want) {
			t.Errorf("%q: %d hits; bleve's term queries %d", q, len(got), len(want))
			continue
		}
		for i := range want {
			if got[i].ID != want[i].ID || got[i].Score != want[i].Score {
				t.Errorf("%q: hit %d is %s %v; bleve's term queries %s %v", q, i, got[i].ID, got[i].Score, want[i].ID, want[i].Score)
				break
			}
		}
		checked++
	}
	if checked < 100 {
		t.Fatalf("only %d questions checked", checked)
	}
}
