package knowledge

import (
	"maps"
	"math"
	"strconv"
	"strings"
)

// The askers' words. People who ask about one topic reuse words that its
// card may not weigh, or not have at all: people asking about idempotency
// tend to speak of being charged twice, about eviction of Redis running
// out of memory. For each card, the askers' model counts the words of the
// labelled questions the card answers (askerCounts, decide_askers.go,
// written by TestFitDecision) and, so that a card no labelled question
// names is not left behind, of its own title, aliases and questions. A
// candidate's ranking score is then multiplied by exp(askerWeight × s),
// where s is how much likelier the question's words are among the card's
// askers than among all askers (askerScore). Across the labelled real
// questions, with the fit's files split into five groups and each group
// kept out of the counts in turn, this put the right card first for 0.824
// of the 2,113 answerable ones instead of 0.800, and among the first three
// for 0.918 instead of 0.914.

const (
	// askerSmoothing is how many words of all askers' questions a card's
	// counts are smoothed with (a Dirichlet prior): a card with a few
	// labelled questions moves little. Top-1 in the cross-validation above
	// was 0.823 at 150 and 0.821 at 1000.
	askerSmoothing = 400
	// askerWeight is the exponent's scale in the ranking score: 0.820 at
	// 0.8 and 0.826 at 2, where held-out a lost a question and the
	// seventeenth batch two.
	askerWeight = 1.2
	// askerOwnWeight is what each of a card's own title, aliases and
	// questions counts for against a labelled question.
	askerOwnWeight = 1
)

// askerTally is word counts per card, with their sums.
type askerTally struct {
	count map[string]map[string]float64 // card id -> stem -> weighted count
	total map[string]float64            // card id -> sum of its counts
	all   map[string]float64            // stem -> count over all cards
}

// tally sums counts (card id -> stem -> count).
func tally(counts map[string]map[string]float64) *askerTally {
	t := &askerTally{count: counts, total: map[string]float64{}, all: map[string]float64{}}
	for id, c := range counts {
		for s, n := range c {
			t.total[id] += n
			t.all[s] += n
		}
	}
	return t
}

// askerModel is the askers' word counts: the cards' own words and the
// labelled questions', kept apart so that building an index does not copy
// the labelled counts (read once, shared by every index).
type askerModel struct {
	own, labelled *askerTally
	all           map[string]float64 // stem -> count over all cards in the set
	// norm is the sum of all plus half a count for each word, so that a
	// word no asker used has a small likelihood, not none
	norm float64
}

// shippedAskers is askerCounts, read once.
var shippedAskers = tally(parseAskerCounts(askerCounts))

// parseAskerCounts reads askerCounts' form: per card, space-separated
// stem:count pairs.
func parseAskerCounts(src map[string]string) map[string]map[string]float64 {
	out := make(map[string]map[string]float64, len(src))
	for id, line := range src {
		m := map[string]float64{}
		for _, f := range strings.Fields(line) {
			i := strings.LastIndexByte(f, ':')
			if i <= 0 {
				continue
			}
			n, err := strconv.ParseFloat(f[i+1:], 64)
			if err != nil {
				continue
			}
			m[f[:i]] = n
		}
		out[id] = m
	}
	return out
}

// setAskers builds the askers' model from the labelled counts (nil for
// none) and the cards' own titles, aliases and questions, which are counted
// once per index: the fit sets other labelled counts many times. Counts
// for cards that are not in the set are left out.
func (x *Index) setAskers(labelled *askerTally) {
	if labelled == nil {
		labelled = tally(nil)
	}
	var own *askerTally
	if x.askers != nil {
		own = x.askers.own
	} else {
		counts := map[string]map[string]float64{}
		for _, c := range x.set.Cards() {
			m := map[string]float64{}
			for _, text := range append(append([]string{c.Title}, c.Aliases...), c.Questions...) {
				for s := range x.telling(text) {
					m[s] += askerOwnWeight
				}
			}
			counts[c.ID] = m
		}
		own = tally(counts)
	}
	m := &askerModel{own: own, labelled: labelled, all: maps.Clone(labelled.all)}
	for s, n := range own.all {
		m.all[s] += n
	}
	for id, c := range labelled.count {
		if _, err := x.set.Card(id); err != nil {
			for s, n := range c {
				m.all[s] -= n
			}
		}
	}
	var sum float64
	for _, n := range m.all {
		sum += n
	}
	m.norm = sum + 0.5*float64(len(m.all))
	x.askers = m
}

// telling is the set of stems of text's words that a question would
// search: chat words and stop words left out.
func (x *Index) telling(text string) map[string]bool {
	out := map[string]bool{}
	for _, w := range words(text) {
		if chatWords[w] || len([]rune(w)) < 2 {
			continue
		}
		if s := x.stemWord(w); s != "" {
			out[s] = true
		}
	}
	return out
}

// askerScore is the mean, over the question's terms and the stems of its
// synonyms' expansion (p.expanded), weighted by their topical weights, of
// the log of how much likelier the word is among card id's askers than
// among all askers. The expansion counts: the askers of the OSI card use
// "network" and "protocol" far more than those of the clocks card, which
// "the network time protocol" is about, but only the clocks card's own
// words have "ntp".
func (x *Index) askerScore(id string, p prepared) float64 {
	m := x.askers
	total := m.own.total[id] + m.labelled.total[id]
	if total == 0 {
		return 0
	}
	own, labelled := m.own.count[id], m.labelled.count[id]
	var s, n float64
	for _, stem := range p.expanded {
		bg := (m.all[stem] + 0.5) / m.norm
		pc := (own[stem] + labelled[stem] + askerSmoothing*bg) / (total + askerSmoothing)
		w := x.topicalWeight(stem)
		s += w * math.Log(pc/bg)
		n += w
	}
	if n == 0 {
		return 0
	}
	return s / n
}
