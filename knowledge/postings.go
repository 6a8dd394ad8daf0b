package knowledge

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/scorer"
	index "github.com/blevesearch/bleve_index_api"
)

// The term postings in memory. A question becomes a few dozen term
// queries, and for each bleve opens the term's dictionary entry, its
// postings list and an iterator, looks up its synonyms and then merges the
// postings card by card: that cost most of an answer. The index never
// changes once built, so NewIndex copies every searched field's postings
// and synonyms out of bleve once, with bleve's own score of each term in
// each card, and a question's query is scored from the copy by a query
// plan (queryplan.go) that does bleve's sums in bleve's order.

// postings is the in-memory copy of the index's postings.
type postings struct {
	docCount uint64
	fields   map[string]*fieldPostings
	// docIDs are the cards' ids by doc number
	docIDs []string
	// absent stands for a term no card has in a field
	absent *termPostings
	// scratch is the memory of a plan's evaluation, reused
	scratch sync.Pool
}

// fieldPostings is one field's part: what bleve's BM25 term scorer needs.
type fieldPostings struct {
	avgDocLength float64
	terms        map[string]*termPostings
	// synonyms are the thesaurus entries of a field with a synonym source:
	// bleve searches a term that has some together with them.
	synonyms map[string][]string
	// all postings of the field, and while they are read their cards'
	// ids in the index, for numberDocs
	all []posting
	ids []index.IndexInternalID
}

// termPostings lists the cards that have a term, in the index's order.
type termPostings struct {
	count uint64  // what bleve's reader counts, kept as it says
	idf   float64 // as bleve's BM25 term scorer works it out
	docs  []posting
}

// posting is one card that has a term: its number in the index's order
// and bleve's score of the term in it before the query's weight
// multiplies it.
type posting struct {
	doc  int32
	base float64
}

// noPostings stands for a clause that matches nothing and weighs nothing.
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
	p := &postings{docCount: n, fields: map[string]*fieldPostings{}, absent: &termPostings{idf: bm25IDF(n, 0)}}
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
	br, ok := r.(index.BM25Reader)
	if !ok || m.ScoringModel != index.BM25Scoring {
		return nil, fmt.Errorf("the index does not score by BM25")
	}
	card, err := br.FieldCardinality(field)
	if err != nil {
		return nil, err
	}
	if docCount != 0 || card != 0 {
		fp.avgDocLength = math.Ceil(float64(card) / float64(docCount))
	}
	dict, err := r.FieldDict(field)
	if err != nil {
		return nil, err
	}
	var terms []string
	var total uint64
	if err := readAll(dict, func(e *index.DictEntry) {
		terms = append(terms, e.Term)
		total += e.Count
	}); err != nil {
		return nil, err
	}
	// The field's postings share one array, and so do their ids (8 bytes
	// each in scorch).
	tps := make([]termPostings, len(terms))
	fp.all = make([]posting, 0, total)
	fp.ids = make([]index.IndexInternalID, 0, total)
	idBytes := make([]byte, 0, 8*total)
	var tfd index.TermFieldDoc
	ctx := context.Background()
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(1, 0)}
	for ti, t := range terms {
		tfr, err := r.TermFieldReader(ctx, []byte(t), field, true, true, false)
		if err != nil {
			return nil, err
		}
		tp := &tps[ti]
		tp.count = tfr.Count()
		tp.idf = bm25IDF(docCount, tp.count)
		// bleve's own scorer, before any query weight is set, gives the
		// term's score in each card.
		sc := scorer.NewTermQueryScorer([]byte(t), field, 1, docCount, tp.count, fp.avgDocLength, search.SearcherOptions{})
		first := len(fp.all)
		for {
			d, err := tfr.Next(tfd.Reset())
			if err != nil {
				tfr.Close()
				return nil, err
			}
			if d == nil {
				break
			}
			dm := sc.Score(sctx, d)
			fp.all = append(fp.all, posting{base: dm.Score})
			sctx.DocumentMatchPool.Put(dm)
			start := len(idBytes)
			idBytes = append(idBytes, d.ID...)
			fp.ids = append(fp.ids, idBytes[start:len(idBytes):len(idBytes)])
		}
		tp.docs = fp.all[first:len(fp.all):len(fp.all)]
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
	if err := readAll(keys, func(e *index.ThesaurusEntry) { terms = append(terms, e.Term) }); err != nil {
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

// readAll reads one of bleve's term iterators to its end, calling f on
// each entry, and closes it.
func readAll[E any](it interface {
	Next() (*E, error)
	Close() error
}, f func(*E)) error {
	for {
		e, err := it.Next()
		if err != nil {
			it.Close()
			return err
		}
		if e == nil {
			return it.Close()
		}
		f(e)
	}
}

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
		for _, id := range fp.ids {
			if _, ok := byID[string(id)]; !ok {
				byID[string(id)] = 0
				ids = append(ids, id)
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
		for i, id := range fp.ids {
			fp.all[i].doc = byID[string(id)]
		}
		fp.ids = nil
	}
	return nil
}
