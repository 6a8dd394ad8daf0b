package knowledge

import (
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

// askerModel is the askers' word counts, per card and over all cards.
type askerModel struct {
	count map[string]map[string]float64 // card id -> stem -> weighted count
	total map[string]float64            // card id -> sum of its counts
	all   map[string]float64            // stem -> count over all cards
	sum   float64                       // sum of all
	// norm is sum plus half a count for each word, so that a word no
	// asker used has a small likelihood, not none
	norm float64
}

// shippedAskers is askerCounts, read once.
var shippedAskers = parseAskerCounts(askerCounts)

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

// setAskers builds the askers' model from labelled counts (card id -> stem
// -> count) and the cards' own titles, aliases and questions. Counts for
// cards that are not in the set are left out.
func (x *Index) setAskers(labelled map[string]map[string]float64) {
	m := &askerModel{count: map[string]map[string]float64{}, total: map[string]float64{}, all: map[string]float64{}}
	add := func(id, stem string, n float64) {
		c := m.count[id]
		if c == nil {
			c = map[string]float64{}
			m.count[id] = c
		}
		c[stem] += n
		m.total[id] += n
		m.all[stem] += n
		m.sum += n
	}
	for _, c := range x.set.Cards() {
		for _, text := range append(append([]string{c.Title}, c.Aliases...), c.Questions...) {
			for s := range x.telling(text) {
				add(c.ID, s, askerOwnWeight)
			}
		}
		for s, n := range labelled[c.ID] {
			add(c.ID, s, n)
		}
	}
	m.norm = m.sum + 0.5*float64(len(m.all))
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
	total := m.total[id]
	if total == 0 {
		return 0
	}
	count := m.count[id]
	var s, n float64
	for _, stem := range p.expanded {
		bg := (m.all[stem] + 0.5) / m.norm
		pc := (count[stem] + askerSmoothing*bg) / (total + askerSmoothing)
		w := x.topicalWeight(stem)
		s += w * math.Log(pc/bg)
		n += w
	}
	if n == 0 {
		return 0
	}
	return s / n
}
