package knowledge

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/scorer"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// The term postings in memory. A question becomes a few dozen term
// queries, and for each bleve opens the term's dictionary entry, its
// postings list and an iterator, and looks up its synonyms: that cost more
// than scoring the cards. The index never changes once built, so NewIndex
// copies every field's postings and synonyms out of bleve once, and the
// questions' term queries read the copy. Each term is still scored by
// bleve's own scorer and combined by its own disjunctions, from the same
// numbers bleve's reader gives, so the scores are bleve's to the bit.

// postings is the in-memory copy of the index's postings.
type postings struct {
	docCount uint64
	fields   map[string]*fieldPostings
	// docIDs are the cards' ids by doc number
	docIDs []string
	// for topHits (collect.go): the index the cards' ids are read from,
	// its mapping, and document matches reused from query to query
	engine  index.Index
	mapping mapping.IndexMapping
	matches sync.Pool
	// for the query plans (queryplan.go): a term no card has in a field,
	// and the scratch memory of an evaluation, reused
	absent  *termPostings
	scratch sync.Pool
}

// fieldPostings is one field's part: what bleve's BM25 term scorer needs.
type fieldPostings struct {
	avgDocLength float64
	terms        map[string]*termPostings
	// synonyms are the thesaurus entries of a field with a synonym source:
	// bleve searches a term that has some together with them.
	synonyms map[string][]string
}

// termPostings lists the cards that have a term, in the index's order.
type termPostings struct {
	count uint64  // what bleve's reader counts, kept as it says
	idf   float64 // as bleve's BM25 term scorer works it out
	docs  []posting
}

type posting struct {
	id   index.IndexInternalID
	freq uint64
	norm float64
	// doc numbers the cards densely in the index's order (queryplan.go);
	// base is bleve's score of the term in the card before the query's
	// weight multiplies it
	doc  int32
	base float64
}

// noPostings stands for a term the field lacks.
var noPostings = &termPostings{}

// readPostings copies the postings and synonyms of the fields out of the
// built index.
func readPostings(idx bleve.Index, m *mapping.IndexMappingImpl, fields []string) (*postings, error) {
	ix, err := idx.Advanced()
	if err != nil {
		return nil, fmt.Errorf("read postings: %w", err)
	}
	r, err := ix.Reader()
	if err != nil {
		return nil, fmt.Errorf("read postings: %w", err)
	}
	defer r.Close()
	n, err := r.DocCount()
	if err != nil {
		return nil, fmt.Errorf("read postings: %w", err)
	}
	// The fields are read at once: the reader serves concurrent searches
	// anyway, and it shortens the start on more than one core.
	fps := make([]*fieldPostings, len(fields))
	errs := make([]error, len(fields))
	var wg sync.WaitGroup
	for i, f := range fields {
		wg.Go(func() { fps[i], errs[i] = readField(r, m, f, n) })
	}
	wg.Wait()
	p := &postings{docCount: n, fields: map[string]*fieldPostings{}, engine: ix, mapping: m, absent: &termPostings{idf: bm25IDF(n, 0)}}
	for i, f := range fields {
		if errs[i] != nil {
			return nil, fmt.Errorf("read postings of %s: %w", f, errs[i])
		}
		p.fields[f] = fps[i]
	}
	if err := p.numberDocs(r); err != nil {
		return nil, fmt.Errorf("read postings: %w", err)
	}
	return p, nil
}

func readField(r index.IndexReader, m *mapping.IndexMappingImpl, field string, docCount uint64) (*fieldPostings, error) {
	fp := &fieldPostings{terms: map[string]*termPostings{}}
	// As bleve's BM25 term searcher works out the field's average length.
	if br, ok := r.(index.BM25Reader); ok && m.ScoringModel == index.BM25Scoring {
		card, err := br.FieldCardinality(field)
		if err != nil {
			return nil, err
		}
		if docCount != 0 || card != 0 {
			fp.avgDocLength = math.Ceil(float64(card) / float64(docCount))
		}
	} else {
		return nil, fmt.Errorf("the index does not score by BM25")
	}
	dict, err := r.FieldDict(field)
	if err != nil {
		return nil, err
	}
	var terms []string
	var total uint64
	for {
		e, err := dict.Next()
		if err != nil {
			dict.Close()
			return nil, err
		}
		if e == nil {
			break
		}
		terms = append(terms, e.Term)
		total += e.Count
	}
	if err := dict.Close(); err != nil {
		return nil, err
	}
	// The field's postings share two arrays, one for the postings and one
	// for their document ids (8 bytes each in scorch), instead of a pair
	// per term.
	all := make([]termPostings, len(terms))
	docs := make([]posting, 0, total)
	ids := make([]byte, 0, 8*total)
	var tfd index.TermFieldDoc
	ctx := context.Background()
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(1, 0)}
	for ti, t := range terms {
		tfr, err := r.TermFieldReader(ctx, []byte(t), field, true, true, false)
		if err != nil {
			return nil, err
		}
		tp := &all[ti]
		tp.count = tfr.Count()
		first := len(docs)
		for {
			d, err := tfr.Next(tfd.Reset())
			if err != nil {
				tfr.Close()
				return nil, err
			}
			if d == nil {
				break
			}
			start := len(ids)
			ids = append(ids, d.ID...)
			docs = append(docs, posting{id: ids[start:len(ids):len(ids)], freq: d.Freq, norm: d.Norm})
		}
		tp.docs = docs[first:len(docs):len(docs)]
		tp.idf = bm25IDF(docCount, tp.count)
		// The term's score in each card, from bleve's own scorer before
		// any query weight (1) is set.
		sc := scorer.NewTermQueryScorer([]byte(t), field, 1, docCount, tp.count, fp.avgDocLength, search.SearcherOptions{})
		for i := range tp.docs {
			d := &tp.docs[i]
			m := sc.Score(sctx, &index.TermFieldDoc{ID: d.id, Freq: d.freq, Norm: d.norm})
			d.base = m.Score
			sctx.DocumentMatchPool.Put(m)
		}
		if err := tfr.Close(); err != nil {
			return nil, err
		}
		fp.terms[t] = tp
	}
	if src := m.SynonymSourceForPath(field); src != "" {
		th, ok := r.(index.ThesaurusReader)
		if !ok {
			return nil, fmt.Errorf("the index has no thesaurus")
		}
		if fp.synonyms, err = readSynonyms(ctx, th, src); err != nil {
			return nil, err
		}
	}
	return fp, nil
}

// readSynonyms lists every term of a synonym source with its synonyms, in
// the order bleve's query would find them.
func readSynonyms(ctx context.Context, r index.ThesaurusReader, src string) (map[string][]string, error) {
	keys, err := r.ThesaurusKeys(src)
	if err != nil {
		return nil, err
	}
	var terms []string
	for {
		e, err := keys.Next()
		if err != nil {
			keys.Close()
			return nil, err
		}
		if e == nil {
			break
		}
		terms = append(terms, e.Term)
	}
	if err := keys.Close(); err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, t := range terms {
		tr, err := r.ThesaurusTermReader(ctx, src, []byte(t))
		if err != nil {
			return nil, err
		}
		var syns []string
		for {
			s, err := tr.Next()
			if err != nil {
				tr.Close()
				return nil, err
			}
			if s == "" {
				break
			}
			syns = append(syns, s)
		}
		if err := tr.Close(); err != nil {
			return nil, err
		}
		if len(syns) > 0 {
			out[t] = syns
		}
	}
	return out, nil
}

// term returns the query for term in field: what bleve's term query makes
// of it, read from memory.
func (p *postings) term(term, field string, boost float64) query.Query {
	return &memTermQuery{p: p, term: term, field: field, boost: boost}
}

// memTermQuery is a term query answered from the in-memory postings.
type memTermQuery struct {
	p     *postings
	term  string
	field string
	boost float64
}

// Searcher builds what bleve's term query would: a term searcher, or for
// a term with synonyms a disjunction of it (boost) and its synonyms (half
// the boost). Options the copy cannot serve go to bleve's own query.
func (q *memTermQuery) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	fp := q.p.fields[q.field]
	if fp == nil || options.Explain || options.IncludeTermVectors || options.Score == "none" {
		return bleveTerm(q.term, q.field, q.boost).Searcher(ctx, i, m, options)
	}
	syns := fp.synonyms[q.term]
	if len(syns) == 0 {
		return q.p.searcher(fp, q.term, q.field, q.boost, options), nil
	}
	ss := make([]search.Searcher, 0, len(syns)+1)
	ss = append(ss, q.p.searcher(fp, q.term, q.field, q.boost, options))
	for _, s := range syns {
		ss = append(ss, q.p.searcher(fp, s, q.field, q.boost/2.0, options))
	}
	return searcher.NewDisjunctionSearcher(ctx, i, ss, 0, options)
}

func (p *postings) searcher(fp *fieldPostings, term, field string, boost float64, options search.SearcherOptions) *memTermSearcher {
	tp := fp.terms[term]
	if tp == nil {
		tp = noPostings
	}
	return &memTermSearcher{
		docs:   tp.docs,
		count:  tp.count,
		scorer: scorer.NewTermQueryScorer([]byte(term), field, boost, p.docCount, tp.count, fp.avgDocLength, options),
	}
}

// memTermSearcher is bleve's term searcher over a term's postings in
// memory.
type memTermSearcher struct {
	docs   []posting
	next   int
	count  uint64
	scorer *scorer.TermQueryScorer
	tfd    index.TermFieldDoc
}

func (s *memTermSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	if s.next >= len(s.docs) {
		return nil, nil
	}
	d := &s.docs[s.next]
	s.next++
	s.tfd = index.TermFieldDoc{ID: d.id, Freq: d.freq, Norm: d.norm}
	return s.scorer.Score(ctx, &s.tfd), nil
}

func (s *memTermSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	s.next += sort.Search(len(s.docs)-s.next, func(i int) bool {
		return s.docs[s.next+i].id.Compare(id) >= 0
	})
	return s.Next(ctx)
}

func (s *memTermSearcher) Close() error               { return nil }
func (s *memTermSearcher) Weight() float64            { return s.scorer.Weight() }
func (s *memTermSearcher) SetQueryNorm(qnorm float64) { s.scorer.SetQueryNorm(qnorm) }
func (s *memTermSearcher) Count() uint64              { return s.count }
func (s *memTermSearcher) Min() int                   { return 0 }
func (s *memTermSearcher) Size() int                  { return 64 + s.scorer.Size() }
func (s *memTermSearcher) DocumentMatchPoolSize() int { return 1 }

// searchedFields are the fields the questions' term queries search.
func searchedFields() []string {
	var out []string
	for _, f := range fieldBoosts {
		out = append(out, f.name)
	}
	for _, f := range rawFields {
		out = append(out, f.name)
	}
	return out
}

// bm25IDF is the inverse document frequency bleve's BM25 term scorer
// gives a term that docTerm of docTotal cards have.
func bm25IDF(docTotal, docTerm uint64) float64 {
	return math.Log(1 + (float64(docTotal)-float64(docTerm)+0.5)/
		(float64(docTerm)+0.5))
}

// numberDocs numbers the cards in the index's order (the order bleve's
// searchers return them in) and gives every posting its card's number.
func (p *postings) numberDocs(r index.IndexReader) error {
	byID := map[string]int32{}
	var ids []index.IndexInternalID
	for _, fp := range p.fields {
		for _, tp := range fp.terms {
			for _, d := range tp.docs {
				if _, ok := byID[string(d.id)]; !ok {
					byID[string(d.id)] = 0
					ids = append(ids, d.id)
				}
			}
		}
	}
	slices.SortFunc(ids, index.IndexInternalID.Compare)
	p.docIDs = make([]string, len(ids))
	for i, id := range ids {
		byID[string(id)] = int32(i)
		ext, err := r.ExternalID(id)
		if err != nil {
			return err
		}
		p.docIDs[i] = ext
	}
	for _, fp := range p.fields {
		for _, tp := range fp.terms {
			for i := range tp.docs {
				tp.docs[i].doc = byID[string(tp.docs[i].id)]
			}
		}
	}
	return nil
}
