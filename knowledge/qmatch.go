package knowledge

import "math"

// questionMatcher matches a question against the questions the cards say
// they answer. People paraphrase: the same need is asked in many words,
// and a card's own questions are written the way people ask, so a close
// match with one of them is strong evidence even when the card's body uses
// other words.
type questionMatcher struct {
	stems  []map[string]bool // question -> its stems
	norm   []float64         // question -> length of its idf-weighted vector
	byCard map[string][]int  // card id -> its questions
	// phrasing marks the everyday phrasings (phrases.go) among them
	phrasing []bool
}

func (x *Index) buildQuestionMatcher() {
	m := &questionMatcher{byCard: map[string][]int{}}
	for _, c := range x.set.Cards() {
		for qi, q := range x.asked(c) {
			i := len(m.stems)
			m.phrasing = append(m.phrasing, qi >= len(c.Questions))
			stems := setOf(x.stems(q))
			var n float64
			for s := range stems {
				w := x.idf(s)
				n += w * w
			}
			m.stems = append(m.stems, stems)
			m.byCard[c.ID] = append(m.byCard[c.ID], i)
			m.norm = append(m.norm, math.Sqrt(n))
		}
	}
	x.qm = m
}

// simQuery is a question's side of the similarity, worked out once per
// question: only the few cards bleve returns are then compared with it.
type simQuery struct {
	terms []term
	dot   []float64 // per term: its weight in the question times its idf
	norm  float64   // length of the question's weighted vector
}

func (x *Index) simQuery(terms []term) simQuery {
	q := simQuery{terms: terms, dot: make([]float64, len(terms))}
	for i, t := range terms {
		w := x.idf(t.stem)
		if t.corrected {
			w *= 0.9
		}
		q.norm += w * w
		q.dot[i] = w * x.idf(t.stem)
	}
	q.norm = math.Sqrt(q.norm)
	return q
}

// similarity is the cosine similarity of the question to the closest of
// the card's questions that shares a term with it (binary term weights
// scaled by idf), or 0. An everyday phrasing is a few words, so one word in
// common makes it look close to any short question ("indexing strategy on
// table" and "strategy pattern for pricing"): a phrasing of two or more
// terms counts only when it shares two of them with a question of two or
// more.
func (x *Index) similarity(id string, q simQuery) float64 {
	if q.norm == 0 {
		return 0
	}
	best := 0.0
	for _, i := range x.qm.byCard[id] {
		var d float64
		shared := 0
		for j, t := range q.terms {
			if x.qm.stems[i][t.stem] {
				d += q.dot[j]
				shared++
			}
		}
		if shared == 0 || (shared == 1 && x.qm.phrasing[i] && len(q.terms) >= 2 && len(x.qm.stems[i]) >= 2) {
			continue
		}
		if sim := d / (q.norm * x.qm.norm[i]); sim > best {
			best = sim
		}
	}
	return best
}

// simWeight scales the squared similarity to the closest card question in
// the ranking score.
const simWeight = 1.0
