package knowledge

import (
	"math"
	"slices"
	"strings"
	"sync"
)

// The labelled neighbours. The wording model (wording.go) and the askers'
// classifier (classifier.go) each draw one line through the labelled
// questions; some kinds of question sit in small clusters that no line
// separates: one product's settings asked about in a card's words, a
// follow-up in a thread, a coding puzzle with a queue in it. The
// neighbours' signal looks at the labelled questions most like the new one
// instead: each labelled question is a vector of its stems (each weighted
// by its inverse document frequency among the labelled questions, scaled
// to length 1), and the signal is the similarity-weighted balance of the
// neighbourK most similar ones between answerable and off-topic, from -1
// (all off-topic) to +1 (all answerable). When fewer than neighbourMin
// labelled questions share a stem with it, the signal is 0: the
// neighbours have no say. The answer decision weighs it (decide.go).
// TestFitDecision writes the labelled questions' stems (sorted, not their
// words in order) to decide_neighbours.go.

// neighbourK is how many of the most similar labelled questions count.
const neighbourK = 10

// neighbourMin is how many labelled questions must share a stem with the
// question for the neighbours to have a say: one or two questions that
// share a rare word (an acronym, say) are too few to judge by.
const neighbourMin = 3

// neighbourModel is the labelled questions as unit vectors, kept as
// postings: for each stem, the questions that have it with its weight in
// each.
type neighbourModel struct {
	idf  map[string]float64 // each stem's idf among the labelled questions
	post map[string][]neighbourPosting
	on   []bool    // whether each labelled question is answerable
	pool sync.Pool // *[]float64 of len(on), all 0: a question's similarities
}

// scratch is a slice of n zeros for a question's similarities, from the
// pool when it has one (balance puts it back zeroed).
func (m *neighbourModel) scratch(n int) *[]float64 {
	if s, ok := m.pool.Get().(*[]float64); ok {
		return s
	}
	s := make([]float64, n)
	return &s
}

// neighbourPosting is a stem's weight in one labelled question.
type neighbourPosting struct {
	q int32
	w float32
}

// shippedNeighbours is neighbourQuestions, read once, when the first
// index is built (NewIndex reads it while bleve builds the index).
var shippedNeighbours = sync.OnceValue(func() *neighbourModel {
	return parseNeighbours(neighbourQuestions)
})

// parseNeighbours reads the generated form: one labelled question a line,
// "+" (answerable) or "-" (off-topic) and its stems, space-separated.
// Lines of another form are skipped.
func parseNeighbours(lines []string) *neighbourModel {
	docs := make([][]string, 0, len(lines))
	on := make([]bool, 0, len(lines))
	for _, l := range lines {
		f := strings.Fields(l)
		if len(f) < 2 || (f[0] != "+" && f[0] != "-") {
			continue
		}
		docs = append(docs, f[1:])
		on = append(on, f[0] == "+")
	}
	return newNeighbours(docs, on)
}

// newNeighbours builds the model from the labelled questions' stems and
// whether each is answerable. Each stem's postings are made once, at
// their size: the shipped model is built at every start.
func newNeighbours(docs [][]string, on []bool) *neighbourModel {
	unique := make([][]string, len(docs))
	df := map[string]int{}
	for q, d := range docs {
		unique[q] = uniqueStems(d)
		for _, s := range unique[q] {
			df[s]++
		}
	}
	idf := make(map[string]float64, len(df))
	m := &neighbourModel{idf: idf, post: make(map[string][]neighbourPosting, len(df)), on: on}
	n := float64(len(docs))
	for s, c := range df {
		m.post[s] = make([]neighbourPosting, 0, c)
		idf[s] = smoothIDF(n, float64(c))
	}
	for q, stems := range unique {
		var norm float64
		for _, s := range stems {
			norm += idf[s] * idf[s]
		}
		norm = math.Sqrt(norm)
		for _, s := range stems {
			m.post[s] = append(m.post[s], neighbourPosting{int32(q), float32(idf[s] / norm)})
		}
	}
	return m
}

// uniqueStems is the stems in their first order, each once.
func uniqueStems(stems []string) []string {
	var out []string
	for _, s := range stems {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// balance is the neighbours' signal for the question: over the neighbourK
// labelled questions most similar to it (cosine of the vectors), the
// similarity of the answerable ones less that of the off-topic ones, over
// their sum; 0 when fewer than neighbourMin share a stem with it.
func (m *neighbourModel) balance(p prepared) float64 {
	if m == nil || len(m.on) == 0 {
		return 0
	}
	stems, xs := unitVector(p, m.idf)
	if len(stems) == 0 {
		return 0
	}
	scratch := m.scratch(len(m.on))
	sims := *scratch
	var touched []int32 // the questions with a similarity, in the order met
	defer func() {
		for _, q := range touched {
			sims[q] = 0
		}
		m.pool.Put(scratch)
	}()
	for i, s := range stems {
		for _, ps := range m.post[s] {
			if sims[ps.q] == 0 {
				touched = append(touched, ps.q)
			}
			sims[ps.q] += xs[i] * float64(ps.w)
		}
	}
	if len(touched) < neighbourMin {
		return 0
	}
	// the neighbourK most similar, most similar first; of equally similar
	// ones the first labelled, so that the result does not depend on the
	// order they were met in
	top := make([]int32, 0, neighbourK+1)
	for _, q := range touched {
		at := len(top)
		for at > 0 && (sims[top[at-1]] < sims[q] || sims[top[at-1]] == sims[q] && top[at-1] > q) {
			at--
		}
		if at >= neighbourK {
			continue
		}
		top = slices.Insert(top, at, q)
		if len(top) > neighbourK {
			top = top[:neighbourK]
		}
	}
	var yes, all float64
	for _, q := range top {
		all += sims[q]
		if m.on[q] {
			yes += sims[q]
		}
	}
	return (2*yes - all) / all // all > 0: every weight is positive
}
