package knowledge

import (
	"maps"
	"math"
	"slices"
	"sync"
)

// The askers' classifier. The askers' words (askers.go) count, card by
// card, the words of the labelled questions; the classifier weighs them
// against each other instead: a multinomial logistic regression over the
// question's stems (a one-word synonym written another way, "k8s" for
// "kubernetes", read as its group's word: prepared.learned; each weighted
// by its inverse document frequency among the labelled questions, the
// vector scaled to length 1), fitted on the labelled questions by
// TestFitDecision, which keeps each card's classKeep weights of the
// largest size (decide_classes.go). A word that many cards' askers use,
// and that the counts therefore credit to each of them, is worth little
// to the classifier unless it tells one card from the others. A
// candidate's ranking score is multiplied by exp(classWeight × s), where
// s is the sum of its weights for the question's stems. A card the
// classifier was not fitted for (a team's own pack) has no weights: s is
// 0 for it. The answer decision weighs the log of the share the
// classifier gives the best card (decide.go).
//
// Across the labelled real questions, with whole files of the fit kept out
// in turn (five groups, 3,113 answerable questions), it put the right card
// first for 0.810 instead of 0.798, and among the first three for 0.906
// instead of 0.899. Its settings were picked there: classWeight 0.2 and
// 0.45 gave 0.808, keeping 50 or 200 weights 0.809 and 0.810, a penalty
// of 0.03 or 0.3 0.810 and 0.808; learning every card of a question's
// labels instead of the first, or the stems of the synonyms' expansion
// too, 0.807 and 0.808.

const (
	// classWeight scales the classifier's score in the ranking.
	classWeight = 0.3
	// classKeep is how many weights of each card the fit keeps.
	classKeep = 100
	// classLambda is the fit's L2 penalty on the weights.
	classLambda = 0.1
)

// classModel is the classifier: the stems' inverse document frequencies
// and, for each stem, its weight for each card it has one for.
type classModel struct {
	idf map[string]float64
	w   map[string][]cardWeight // stem -> the cards' weights
}

// cardWeight is a stem's weight for one card.
type cardWeight struct {
	id string
	w  float64
}

// shippedClasses is classWeights and classIDF, read once, when the first
// index is built (NewIndex reads it while bleve builds the index), as the
// labelled neighbours are.
var shippedClasses = sync.OnceValue(func() *classModel {
	return parseClasses(classWeights, classIDF)
})

// parseClasses reads the generated form: per card, space-separated
// stem:weight pairs, and the stems' idf as stem:idf pairs.
func parseClasses(weights map[string]string, idf string) *classModel {
	m := &classModel{idf: map[string]float64{}, w: map[string][]cardWeight{}}
	eachPair(idf, func(stem string, v float64) { m.idf[stem] = v })
	for _, id := range slices.Sorted(maps.Keys(weights)) {
		eachPair(weights[id], func(stem string, v float64) {
			m.w[stem] = append(m.w[stem], cardWeight{id, v})
		})
	}
	return m
}

// scores is the classifier's score of each card for the question's
// stems it knows: the sum of the card's weights for them, each stem
// weighted by its idf and the question's vector of those scaled to length
// 1. A card with none of the weights has no score (0).
func (m *classModel) scores(p prepared) map[string]float64 {
	if m == nil {
		return nil
	}
	stems, xs := unitVector(p, m.idf)
	if len(stems) == 0 {
		return nil
	}
	out := map[string]float64{}
	for i, stem := range stems {
		for _, cw := range m.w[stem] {
			out[cw.id] += xs[i] * cw.w
		}
	}
	return out
}

// best is the k cards with the highest positive scores, highest first
// (ties in the cards' order by id). It runs for every question, so it
// keeps the k best as it goes instead of sorting every scored card.
func (m *classModel) best(scores map[string]float64, k int) []string {
	if m == nil || k <= 0 {
		return nil
	}
	before := func(a, b string) bool {
		return scores[a] > scores[b] || scores[a] == scores[b] && a < b
	}
	out := make([]string, 0, k+1)
	for id, s := range scores {
		if s <= 0 || len(out) == k && !before(id, out[k-1]) {
			continue
		}
		i := len(out)
		out = append(out, id)
		for ; i > 0 && before(id, out[i-1]); i-- {
			out[i] = out[i-1]
		}
		out[i] = id
		out = out[:min(len(out), k)]
	}
	return out
}

// unitVector is the question as the classifier and the labelled
// neighbours (neighbours.go) see it: the stems of p.learned that idf
// knows, and their weights, each its idf, scaled so that the vector has
// length 1. Both are empty when idf knows none of them.
func unitVector(p prepared, idf map[string]float64) ([]string, []float64) {
	var stems []string
	var xs []float64
	var norm float64
	for _, stem := range p.learned {
		w, ok := idf[stem]
		if !ok {
			continue
		}
		stems, xs = append(stems, stem), append(xs, w)
		norm += w * w
	}
	norm = math.Sqrt(norm)
	for i := range xs {
		xs[i] /= norm
	}
	return stems, xs
}

// smoothIDF is the inverse document frequency of a stem that df of n
// labelled questions have, as the classifier and the labelled neighbours
// weigh it: never 0, and 1 for a stem every question has.
func smoothIDF(n, df float64) float64 {
	return math.Log((n+1)/(df+1)) + 1
}

// logNorm is the log of the sum over the n cards of the set of exp(score),
// a card with no score counting exp(0): a card's score less logNorm is the
// log of the share of the question the classifier gives it. When the
// classifier knows none of the question's words (no scores: an acronym
// only the cards use, say), it has no say, and logNorm is 0: each card's
// log share counts as 0, as if the classifier agreed with the ranking.
func (m *classModel) logNorm(scores map[string]float64, n int) float64 {
	if len(scores) == 0 {
		return 0
	}
	// summed in a fixed order, so that the same question always gets
	// the same figure to the last bit
	v := slices.Sorted(maps.Values(scores))
	top := max(0, v[len(v)-1])
	sum := float64(max(n-len(v), 0)) * math.Exp(-top)
	for _, s := range v {
		sum += math.Exp(s - top)
	}
	return top + math.Log(sum)
}
