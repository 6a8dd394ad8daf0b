package knowledge

import (
	"fmt"
	"math"
	"slices"
	"strings"
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

// features is the parts' rankFeatures.
func (p rankParts) features() [nRankFeatures]float64 {
	return rankFeatures(p.relevance, p.confidence, p.similarity, p.askers, p.class, p.prior)
}

// rankFeatureNames name rankFeatures, in order.
var rankFeatureNames = [nRankFeatures]string{"log_relevance", "confidence", "similarity", "askers", "class", "prior"}

// rankCands is the ranked results of a question answered by the expected
// cards, with the index's biases and ranking weights taken out of their
// scores.
func (x *Index) rankCands(res []Result, expect []string) []rankCand {
	out := make([]rankCand, len(res))
	for i, r := range res {
		id := r.Card.ID
		parts := rankParts{r.relevance, r.Confidence, r.similarity, r.askers, r.class, x.askers.prior[id]}
		out[i] = rankCand{id: id, logScore: math.Log(max(r.Score, 1e-300)) - x.bias[id] - rankShift(x.rankW, parts.features()),
			ok: slices.Contains(expect, id), parts: parts}
	}
	return out
}

// rankWeightLambda is the L2 penalty on the ranking's weights
// (rankWeights).
const rankWeightLambda = 1

// rankFit is the ranking's fitted biases and weights.
type rankFit struct {
	bias map[string]float64
	w    [nRankFeatures]float64
}

// fitRank fits the cards' ranking biases, and with weights the ranking's
// weights too, on the answerable samples' ranked cards: those that make
// the right cards likeliest, each question's probabilities a softmax over
// its ranked cards' scores (a scale times the log score, plus the
// weighted features, plus the card's bias; a question with several right
// cards shares its weight among them), with L2 penalties of lambda on the
// biases and rankWeightLambda on the weights. A question none of whose
// ranked cards is right says nothing and is left out. The objective is
// convex. Each step first moves the biases, dividing the gradient by a
// bound on the curvature (the number of questions that rank the card,
// plus lambda), so the objective never rises; then, with weights, it
// takes a Newton step for the scale and the weights, halved until the
// objective does not rise. The biases and weights returned are divided
// by the scale, so that the ranking is the log score plus them. Without
// weights the scale stays 1; on the labelled questions that fit stops
// within 450 steps, at most 0.0001 from what L-BFGS finds (checked
// offline). With them it stopped after 510 steps on the stacked rankings
// of 12,483 labelled questions.
func fitRank(data []sample, lambda float64, weights bool) rankFit {
	type entry struct {
		card        int
		score, want float64
		f           [nRankFeatures]float64
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
			g[i] = entry{card: j, score: c.logScore, f: c.parts.features()}
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
	// theta is the scale, then the weights.
	const nt = 1 + nRankFeatures
	var theta [nt]float64
	theta[0] = 1
	b := make([]float64, len(ids))
	z := func(e entry, th *[nt]float64) float64 {
		v := th[0]*e.score + b[e.card]
		for k, f := range e.f {
			v += th[1+k] * f
		}
		return v
	}
	// probs is the softmax of the group's scores, in p.
	var p []float64
	probs := func(g []entry, th *[nt]float64) {
		p = p[:0]
		top := math.Inf(-1)
		for _, e := range g {
			top = max(top, z(e, th))
		}
		var sum float64
		for _, e := range g {
			v := math.Exp(z(e, th) - top)
			p = append(p, v)
			sum += v
		}
		for i := range p {
			p[i] /= sum
		}
	}
	objective := func(th *[nt]float64) float64 {
		var o float64
		for _, g := range groups {
			probs(g, th)
			for i, e := range g {
				if e.want > 0 {
					o -= e.want * math.Log(max(p[i], 1e-300))
				}
			}
		}
		for _, v := range b {
			o += lambda * v * v / 2
		}
		for _, v := range th[1:] {
			o += rankWeightLambda * v * v / 2
		}
		return o
	}
	// newton takes the Newton step for theta, halved until the objective
	// does not rise and the scale stays positive, and says how far it
	// moved.
	newton := func() float64 {
		var g [nt]float64
		h := make([][]float64, nt)
		for k := range h {
			h[k] = make([]float64, nt)
		}
		psi := func(e entry) (v [nt]float64) {
			v[0] = e.score
			copy(v[1:], e.f[:])
			return v
		}
		for _, grp := range groups {
			probs(grp, &theta)
			var m [nt]float64
			for i, e := range grp {
				v := psi(e)
				for k := range v {
					m[k] += p[i] * v[k]
					g[k] += (p[i] - e.want) * v[k]
					for l := range v {
						h[k][l] += p[i] * v[k] * v[l]
					}
				}
			}
			for k := range m {
				for l := range m {
					h[k][l] -= m[k] * m[l]
				}
			}
		}
		h[0][0] += 1e-9
		for k := 1; k < nt; k++ {
			g[k] += rankWeightLambda * theta[k]
			h[k][k] += rankWeightLambda
		}
		d := solve(h, g[:])
		before := objective(&theta)
		for t := 1.0; t > 1e-9; t /= 2 {
			next := theta
			var moved float64
			for k := range next {
				next[k] -= t * d[k]
				moved = max(moved, math.Abs(t*d[k]))
			}
			if next[0] > 0.01 && objective(&next) <= before {
				theta = next
				return moved
			}
		}
		return 0
	}
	grad := make([]float64, len(ids))
	for range 2000 {
		for j := range grad {
			grad[j] = lambda * b[j]
		}
		for _, g := range groups {
			probs(g, &theta)
			for i, e := range g {
				grad[e.card] += p[i] - e.want
			}
		}
		var step float64
		for j := range b {
			d := grad[j] / bound[j]
			b[j] -= d
			step = max(step, math.Abs(d))
		}
		if weights {
			step = max(step, newton())
		}
		if step < 1e-7 {
			break
		}
	}
	out := rankFit{bias: make(map[string]float64, len(ids))}
	for j, id := range ids {
		if v := b[j] / theta[0]; math.Abs(v) >= 5e-4 { // written with three digits
			out.bias[id] = v
		}
	}
	for k := range out.w {
		out.w[k] = theta[1+k] / theta[0]
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

// biasSource is decide_bias.go for the cards' ranking biases and the
// ranking's weights.
func biasSource(r rankFit, n int) []byte {
	var tail strings.Builder
	tail.WriteString("\n// The ranking's weights (rankbias.go), in rankFeatures' order.\nvar rankWeights = [nRankFeatures]float64{\n")
	for k, v := range r.w {
		fmt.Fprintf(&tail, "\t%.4f, // %s\n", v, rankFeatureNames[k])
	}
	tail.WriteString("}\n")
	return mapSource(fmt.Sprintf("The cards' ranking biases (rankbias.go), fitted on %d labelled questions.", n), "cardBias", r.bias, tail.String())
}
