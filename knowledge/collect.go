package knowledge

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// The best hits of a query. bleve's SearchInContext wraps the searcher in
// what a general search service needs (synonym extraction, facets, stored
// fields, cost accounting, a fresh pool of a hundred document matches per
// query); the answer needs the ten best cards and their scores. topHits
// runs the same searcher and keeps the hits bleve's top-N collector keeps:
// score descending, ties in the order the index returns them.

// hit is one card a query matched.
type hit struct {
	ID    string
	Score float64
}

// topHits returns the n best hits of q, best first.
func (p *postings) topHits(ctx context.Context, q query.Query, n int) ([]hit, error) {
	if err := ctx.Err(); err != nil || n <= 0 {
		return nil, err
	}
	r, err := p.engine.Reader()
	if err != nil {
		return nil, fmt.Errorf("open index reader: %w", err)
	}
	defer r.Close()
	s, err := q.Searcher(ctx, r, p.mapping, search.SearcherOptions{})
	if err != nil {
		return nil, err
	}
	defer s.Close()
	pool, _ := p.matches.Get().(*search.DocumentMatchPool)
	if pool == nil {
		pool = search.NewDocumentMatchPool(64, 0)
	}
	defer p.matches.Put(pool)
	sctx := &search.SearchContext{DocumentMatchPool: pool, IndexReader: r}

	// best holds the top hits so far, best first; arrival breaks ties, as
	// the hit number does in bleve's collector.
	type kept struct {
		id    index.IndexInternalID
		score float64
	}
	best := make([]kept, 0, n+1)
	seen := 0
	for {
		m, err := s.Next(sctx)
		if err != nil {
			return nil, err
		}
		if m == nil {
			break
		}
		if seen++; seen%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if len(best) == n && m.Score <= best[n-1].score {
			pool.Put(m)
			continue
		}
		i := len(best)
		for i > 0 && m.Score > best[i-1].score {
			i--
		}
		if len(best) < n {
			best = append(best, kept{})
		} else {
			// the last one drops out; reuse its id's bytes
			best[n-1].id = best[n-1].id[:0]
		}
		last := best[len(best)-1].id
		copy(best[i+1:], best[i:len(best)-1])
		best[i] = kept{id: append(last[:0], m.IndexInternalID...), score: m.Score}
		pool.Put(m)
	}
	out := make([]hit, len(best))
	for i, b := range best {
		id, err := r.ExternalID(b.id)
		if err != nil {
			return nil, fmt.Errorf("read hit id: %w", err)
		}
		out[i] = hit{ID: id, Score: b.score}
	}
	return out, nil
}
