package knowledge

import (
	"fmt"
	"math"
	"slices"
)

// biasLambda is the L2 penalty on the cards' ranking biases (rankbias.go).
// It was picked offline (a Python copy of the fit on the same rankings,
// whole files left out): top-1 was 0.808 with no biases, 0.808 at a
// penalty of 1, 0.812 at 2, 0.817 at 5 and at 10, and 0.813 at 20; 10
// keeps the biases smaller.
const biasLambda = 10

// rankCand is one card a labelled question's search ranked: its id, the
// log of its ranking score without its bias, and whether it answers the
// question.
type rankCand struct {
	id       string
	logScore float64
	ok       bool
	parts    rankParts
}

// rankParts is what a ranked card's score was made of (search): bleve's
// BM25 score, the coverage confidence, the similarity to the card's own
// questions, the askers' score, the log of the classifier's share and
// the card's prior. SDBOT_FIT_DUMP writes them, for trying other ways of
// combining them outside Go.
type rankParts struct {
	relevance, confidence, similarity, askers, class, prior float64
}

// values is the parts in the order above.
func (p rankParts) values() [6]float64 {
	return [6]float64{p.relevance, p.confidence, p.similarity, p.askers, p.class, p.prior}
}

// rankCands is the ranked results of a question answered by the expected
// cards, with the index's biases taken out of their scores.
func (x *Index) rankCands(res []Result, expect []string) []rankCand {
	out := make([]rankCand, len(res))
	for i, r := range res {
		id := r.Card.ID
		out[i] = rankCand{id: id, logScore: math.Log(max(r.Score, 1e-300)) - x.bias[id], ok: slices.Contains(expect, id),
			parts: rankParts{r.relevance, r.Confidence, r.similarity, r.askers, r.class, x.askers.prior[id]}}
	}
	return out
}

// fitBias fits the cards' ranking biases on the answerable samples'
// ranked cards: the biases that make the right cards likeliest, each
// question's probabilities a softmax over its ranked cards' scores (the
// log score plus the card's bias; a question with several right cards
// shares its weight among them), with an L2 penalty of lambda. A question
// none of whose ranked cards is right says nothing and is left out. The
// objective is convex; each step divides the gradient by a bound on the
// curvature (the number of questions that rank the card, plus lambda), so
// the objective never rises. On the labelled questions it stops within
// 450 steps, at most 0.0001 from what L-BFGS finds (checked offline).
func fitBias(data []sample, lambda float64) map[string]float64 {
	type entry struct {
		card        int
		score, want float64
	}
	index := map[string]int{}
	var ids []string
	var groups [][]entry
	for _, s := range data {
		var right float64
		for _, c := range s.cands {
			if c.ok {
				right++
			}
		}
		if !s.answerable || right == 0 {
			continue
		}
		g := make([]entry, len(s.cands))
		for i, c := range s.cands {
			j, ok := index[c.id]
			if !ok {
				j = len(ids)
				index[c.id] = j
				ids = append(ids, c.id)
			}
			g[i] = entry{card: j, score: c.logScore}
			if c.ok {
				g[i].want = 1 / right
			}
		}
		groups = append(groups, g)
	}
	bound := make([]float64, len(ids))
	for _, g := range groups {
		for _, e := range g {
			bound[e.card]++
		}
	}
	for j := range bound {
		bound[j] += lambda
	}
	b := make([]float64, len(ids))
	grad := make([]float64, len(ids))
	var p []float64
	for range 2000 {
		for j := range grad {
			grad[j] = lambda * b[j]
		}
		for _, g := range groups {
			p = p[:0]
			top := math.Inf(-1)
			for _, e := range g {
				top = max(top, e.score+b[e.card])
			}
			var sum float64
			for _, e := range g {
				v := math.Exp(e.score + b[e.card] - top)
				p = append(p, v)
				sum += v
			}
			for i, e := range g {
				grad[e.card] += p[i]/sum - e.want
			}
		}
		var step float64
		for j := range b {
			d := grad[j] / bound[j]
			b[j] -= d
			step = max(step, math.Abs(d))
		}
		if step < 1e-7 {
			break
		}
	}
	out := make(map[string]float64, len(ids))
	for j, id := range ids {
		if math.Abs(b[j]) >= 5e-4 { // written with three digits
			out[id] = b[j]
		}
	}
	return out
}

// rankCounts is how many of the samples are answerable, and how many of
// those have a right card first and among their first three ranked cards.
func rankCounts(data []sample) (n, top1, top3 int) {
	for _, s := range data {
		if !s.answerable {
			continue
		}
		n++
		for i, c := range s.cands[:min(3, len(s.cands))] {
			if c.ok {
				if i == 0 {
					top1++
				}
				top3++
				break
			}
		}
	}
	return n, top1, top3
}

// rankRates is top-1 and top-3 over the answerable samples, from their
// ranked cards.
func rankRates(data []sample) string {
	n, top1, top3 := rankCounts(data)
	if n == 0 {
		return "no answerable questions"
	}
	return fmt.Sprintf("ranking top-1 %.3f, top-3 %.3f (%d answerable)", float64(top1)/float64(n), float64(top3)/float64(n), n)
}

// biasSource is decide_bias.go for the cards' ranking biases.
func biasSource(b map[string]float64, n int) []byte {
	return mapSource(fmt.Sprintf("The cards' ranking biases (rankbias.go), fitted on %d labelled questions.", n), "cardBias", b, "")
}
