package knowledge

import "math"

// questionMatcher matches a question against the questions the cards say
// they answer. People paraphrase: the same need is asked in many words,
// and a card's own questions are written the way people ask, so a close
// match with one of them is strong evidence even when the card's body uses
// other words.
type questionMatcher struct {
	post map[string][]int // stem -> the questions that have it
	card []string         // question -> card id
	norm []float64        // question -> length of its idf-weighted vector
}

func (x *Index) buildQuestionMatcher() {
	m := &questionMatcher{post: map[string][]int{}}
	for _, c := range x.set.Cards() {
		for _, q := range c.Questions {
			i := len(m.card)
			stems := setOf(x.stems(q))
			var n float64
			for s := range stems {
				m.post[s] = append(m.post[s], i)
				w := x.idf(s)
				n += w * w
			}
			m.card = append(m.card, c.ID)
			m.norm = append(m.norm, math.Sqrt(n))
		}
	}
	x.qm = m
}

// similar returns, for each card with a question sharing a term with the
// question's terms, the cosine similarity of the best of its questions
// (binary term weights scaled by idf).
func (x *Index) similar(terms []term) map[string]float64 {
	m := x.qm
	var qn float64
	dots := map[int]float64{}
	for _, t := range terms {
		w := x.idf(t.stem)
		if t.corrected {
			w *= 0.9
		}
		qn += w * w
		for _, i := range m.post[t.stem] {
			dots[i] += w * x.idf(t.stem)
		}
	}
	out := map[string]float64{}
	if qn == 0 {
		return out
	}
	qn = math.Sqrt(qn)
	for i, d := range dots {
		if sim := d / (qn * m.norm[i]); sim > out[m.card[i]] {
			out[m.card[i]] = sim
		}
	}
	return out
}

// simWeight scales the squared similarity to the closest card question in
// the ranking score.
const simWeight = 1.0
