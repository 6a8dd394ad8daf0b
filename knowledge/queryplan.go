package knowledge

import (
	"container/heap"
	"context"
	"math"
	"slices"
	"sort"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/searcher"
)

// Scoring a question without bleve's searchers. A question's query is a
// disjunction of a few disjunctions of term queries; bleve runs it by
// merging the terms' postings card by card, comparing document ids at every
// step, which cost most of an answer once the postings were in memory
// (postings.go). With a few hundred cards, adding each term's scores into
// an array indexed by card number does the same sums far more cheaply.
//
// The sums are bleve's to the bit: each term's score is bleve's score of it
// in the card (posting.base) times the weight bleve's term scorer gives it
// (boost × idf × the query norm); a disjunction adds its clauses' scores in
// the order bleve's disjunction searcher keeps its clauses (sorted by how
// many cards they match) and multiplies the sum by the share of clauses
// that matched; the query norm is worked out from the same weights in the
// same order; a disjunction of more than DisjunctionHeapTakeover clauses,
// which bleve runs with its heap searcher, adds them in the order the heap
// gives (merge). A query of another shape is left to bleve (see hits).

// planNode is one node of a question's query.
type planNode struct {
	// a term: its postings, idf and boost
	term  *termPostings
	boost float64
	// a disjunction: its clauses, in bleve's order, and whether bleve runs
	// it with its heap searcher
	clauses []*planNode
	heap    bool
	count   uint64 // cards matched as bleve's searchers count them
}

// planBuilder builds a question's plan (see buildQuery). ok turns false
// on a part the plan does not cover; bleve then searches the question.
type planBuilder struct {
	p  *postings
	ok bool
}

func (b *planBuilder) term(term, field string, boost float64) *planNode {
	fp := b.p.fields[field]
	if fp == nil || fp.avgDocLength <= 0 {
		b.ok = false
		return nil
	}
	n := b.p.planTerm(fp, term, boost)
	syns := fp.synonyms[term]
	if len(syns) == 0 {
		return n
	}
	// bleve's synonym searcher: the term and its synonyms at half the
	// boost, in a disjunction
	clauses := make([]*planNode, 0, len(syns)+1)
	clauses = append(clauses, n)
	for _, s := range syns {
		clauses = append(clauses, b.p.planTerm(fp, s, boost/2.0))
	}
	return disjunction(clauses)
}

func (b *planBuilder) or(min float64, clauses []*planNode) *planNode {
	switch {
	case !b.ok || min > 1:
		b.ok = false
		return nil
	case len(clauses) == 0:
		return b.none()
	}
	return disjunction(clauses)
}

// none matches nothing and weighs nothing, as bleve's match-none searcher.
func (b *planBuilder) none() *planNode { return &planNode{term: noPostings} }

func (p *postings) planTerm(fp *fieldPostings, term string, boost float64) *planNode {
	tp := fp.terms[term]
	if tp == nil {
		tp = p.absent
	}
	return &planNode{term: tp, boost: boost, count: tp.count}
}

// disjunction orders the clauses as bleve's disjunction searcher does: its
// slice searcher sorts them by count, its heap searcher, which takes over
// from DisjunctionHeapTakeover clauses, keeps them as they come.
func disjunction(clauses []*planNode) *planNode {
	n := &planNode{clauses: clauses, heap: len(clauses) > searcher.DisjunctionHeapTakeover}
	if !n.heap {
		sort.Sort(byCount(clauses))
	}
	for _, c := range clauses {
		n.count += c.count
	}
	return n
}

// byCount sorts clauses as bleve's OrderedSearcherList does; sort.Sort
// sees the same comparisons and so leaves the same order.
type byCount []*planNode

func (b byCount) Len() int           { return len(b) }
func (b byCount) Less(i, j int) bool { return b[i].count < b[j].count }
func (b byCount) Swap(i, j int)      { b[i], b[j] = b[j], b[i] }

// weight is what bleve's searcher for the node reports as its weight: a
// term's (boost × idf)², a disjunction's the sum of its clauses'.
func (n *planNode) weight() float64 {
	if n.clauses == nil {
		if n.term == noPostings {
			return 0.0
		}
		w := n.boost * n.term.idf
		return w * w
	}
	var rv float64
	for _, c := range n.clauses {
		rv += c.weight()
	}
	return rv
}

// docScore is one card's score from one node.
type docScore struct {
	doc   int32
	score float64
}

// planScratch is the memory one evaluation works in.
type planScratch struct {
	sum      []float64
	cnt      []int32
	touched  []int32
	arena    []docScore
	items    []mergeItem
	matching []*mergeItem
}

// eval appends the node's scores to the arena and returns where they are;
// in the index's order when sorted is set (a heap disjunction merges its
// clauses' hits in that order), else in any.
func (s *planScratch) eval(n *planNode, norm float64, sorted bool) (int, int) {
	start := len(s.arena)
	if n.clauses == nil {
		qw := n.boost * n.term.idf * norm
		for _, d := range n.term.docs {
			score := d.base
			if qw != 1.0 {
				score = score * qw
			}
			s.arena = append(s.arena, docScore{d.doc, score})
		}
		return start, len(s.arena)
	}
	var buf [2 * 16]int
	spans := buf[:]
	if 2*len(n.clauses) > len(spans) {
		spans = make([]int, 2*len(n.clauses))
	}
	for i, c := range n.clauses {
		spans[2*i], spans[2*i+1] = s.eval(c, norm, n.heap)
	}
	if n.heap {
		return s.merge(n, spans)
	}
	for i := range n.clauses {
		for _, d := range s.arena[spans[2*i]:spans[2*i+1]] {
			if s.cnt[d.doc] == 0 {
				s.touched = append(s.touched, d.doc)
			}
			s.sum[d.doc] += d.score
			s.cnt[d.doc]++
		}
	}
	start = len(s.arena)
	total := float64(len(n.clauses))
	if sorted {
		slices.Sort(s.touched)
	}
	for _, doc := range s.touched {
		coord := float64(s.cnt[doc]) / total
		s.arena = append(s.arena, docScore{doc, s.sum[doc] * coord})
		s.sum[doc], s.cnt[doc] = 0, 0
	}
	s.touched = s.touched[:0]
	return start, len(s.arena)
}

// runPlan returns the n best hits of the plan, best first, ties in the
// order of the cards' ids (see better).
func (p *postings) runPlan(ctx context.Context, root *planNode, n int) ([]hit, error) {
	if err := ctx.Err(); err != nil || n <= 0 {
		return nil, err
	}
	s, _ := p.scratch.Get().(*planScratch)
	if s == nil {
		s = &planScratch{sum: make([]float64, len(p.docIDs)), cnt: make([]int32, len(p.docIDs))}
	}
	defer p.scratch.Put(s)
	s.arena = s.arena[:0]
	norm := 1.0
	if root.clauses != nil {
		// bleve's top disjunction sets the norm of every term below it
		var sumOfSquaredWeights float64
		for _, c := range root.clauses {
			sumOfSquaredWeights += c.weight()
		}
		norm = 1.0 / math.Sqrt(sumOfSquaredWeights)
	}
	from, to := s.eval(root, norm, false)
	best := make([]docScore, 0, n+1)
	for _, d := range s.arena[from:to] {
		if len(best) == n && !p.better(d, best[n-1]) {
			continue
		}
		i := len(best)
		if i < n {
			best = append(best, d)
		}
		for i > 0 && p.better(d, best[i-1]) {
			if i < n {
				best[i] = best[i-1]
			}
			i--
		}
		best[i] = d
	}
	out := make([]hit, len(best))
	for i, b := range best {
		out[i] = hit{ID: p.docIDs[b.doc], Score: b.score}
	}
	return out, nil
}

// better orders hits by score, descending, then by the cards' ids. Bleve's
// collector breaks ties by the index's order, but that order is the one in
// which a build's batch happened to hand bleve the cards (a map's), so it
// changed from one start of the bot to the next: a card tied with another
// at the edge of the ranked depth was searched in one build and not in the
// next, and a question on that edge ("how you configure vpc") got another
// second card, margin and likelihood after a restart. The ids give every
// build the same order.
func (p *postings) better(a, b docScore) bool {
	return a.score > b.score || (a.score == b.score && p.docIDs[a.doc] < p.docIDs[b.doc])
}

// hit is one card a question's query matched, with bleve's score.
type hit struct {
	ID    string
	Score float64
}

// hits returns the n best cards for a question's query, best first: from
// its plan, or for a query the plan does not cover from bleve's search
// with bleve's own term queries.
func (x *Index) hits(ctx context.Context, p prepared, n int) ([]hit, error) {
	b := &planBuilder{p: x.post, ok: true}
	if root := buildQuery(x, p, b); b.ok && root.clauses != nil {
		return x.post.runPlan(ctx, root, n)
	}
	res, err := x.bleve.SearchInContext(ctx, bleve.NewSearchRequestOptions(buildQuery(x, p, bleveQuery{}), n, 0, false))
	if err != nil {
		return nil, err
	}
	out := make([]hit, len(res.Hits))
	for i, h := range res.Hits {
		out[i] = hit{ID: h.ID, Score: h.Score}
	}
	return out, nil
}

// merge scores a disjunction as bleve's heap searcher does: it merges its
// clauses' hits through a heap ordered by card, so the clauses that match
// a card are added up in the order the heap gives them, which container/heap
// makes the same here. spans holds where each clause's hits are in the
// arena, in the index's order.
func (s *planScratch) merge(n *planNode, spans []int) (int, int) {
	start := len(s.arena)
	s.items = slices.Grow(s.items[:0], len(n.clauses))[:len(n.clauses)]
	h := mergeHeap(make([]*mergeItem, 0, len(n.clauses)))
	for i := range n.clauses {
		if spans[2*i] < spans[2*i+1] {
			s.items[i] = mergeItem{pos: spans[2*i], end: spans[2*i+1], doc: s.arena[spans[2*i]].doc}
			heap.Push(&h, &s.items[i])
		}
	}
	matching := s.matching[:0]
	next := func() {
		matching = matching[:0]
		if h.Len() == 0 {
			return
		}
		m := heap.Pop(&h).(*mergeItem)
		matching = append(matching, m)
		for h.Len() > 0 && h[0].doc == m.doc {
			m = heap.Pop(&h).(*mergeItem)
			matching = append(matching, m)
		}
	}
	total := float64(len(n.clauses))
	for next(); len(matching) > 0; next() {
		var sum float64
		for _, m := range matching {
			sum += s.arena[m.pos].score
		}
		coord := float64(len(matching)) / total
		s.arena = append(s.arena, docScore{matching[0].doc, sum * coord})
		for _, m := range matching {
			if m.pos++; m.pos < m.end {
				m.doc = s.arena[m.pos].doc
				heap.Push(&h, m)
			}
		}
	}
	s.matching = matching
	return start, len(s.arena)
}

// mergeItem is a clause's place in its hits during a merge.
type mergeItem struct {
	pos, end int
	doc      int32
}

// mergeHeap orders clauses by their current card, as bleve's heap
// searcher orders its searchers by their current document.
type mergeHeap []*mergeItem

func (h mergeHeap) Len() int           { return len(h) }
func (h mergeHeap) Less(i, j int) bool { return h[i].doc < h[j].doc }
func (h mergeHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *mergeHeap) Push(x any)        { *h = append(*h, x.(*mergeItem)) }
func (h *mergeHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
