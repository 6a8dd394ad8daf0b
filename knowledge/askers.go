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
//
// Some topics are asked about far more than others (microservices, caching,
// queues), and a card's prior says so: the log of how much more often
// than the average card the labelled questions ask for it (askerQuestions),
// smoothed and scaled by priorWeight, added to the log of the ranking
// score. Cross-validated as above (whole files out, 2,662 answerable
// questions), it put the right card first for 0.816 instead of 0.805, and
// among the first three for 0.910 instead of 0.907 (0.814 and 0.814 at
// weights 0.3 and 0.8). It costs the catalog-style held-out questions,
// which ask evenly about all cards, three of 165: a rare card's question
// that also names a common one (PACELC's, which names CAP).

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
	// priorWeight scales a card's log prior in the ranking score, and
	// priorSmoothing is how many questions each card's count is smoothed
	// with (0.815 and 0.813 at 1 and 20).
	priorWeight    = 0.5
	priorSmoothing = 5
	// askerDiscount is taken off each word's count among a card's
	// labelled askers, and what it takes goes to the card's smoothing
	// (absolute discounting): a word that one question used in passing
	// (a file name in an example, say) is little evidence that the card's
	// askers use it, while a word many of them use keeps nearly all its
	// count. The cards' own words are not discounted. Only the answer
	// decision's askers feature is discounted; the ranking keeps every
	// count. Across the fit's 13,481 questions (five folds, whole files
	// out), discounting both put 0.782 of the answerable ones first and
	// 0.894 in the top three, refused 817 of 5,576 answerable and 5,646
	// of 7,905 off-topic ones; discounting only the decision's feature
	// gave 0.786 and 0.899, 819 and 5,654; discounting neither 0.786 and
	// 0.899, 821 and 5,663, but it answered "what is the best pizza
	// topping" (the stemmer makes "topping" "top", and one labelled top-K
	// question named a page /pizza.html).
	askerDiscount = 0.5
)

// askerTally is word counts per card, with their sums, and how many
// labelled questions each card answers.
type askerTally struct {
	count     map[string]map[string]float64 // card id -> stem -> weighted count
	total     map[string]float64            // card id -> sum of its counts
	all       map[string]float64            // stem -> count over all cards
	questions map[string]float64            // card id -> labelled questions it answers
	// spare is, per card, what askerDiscount takes off its counts
	// (askerDiscount from each, or all of a smaller count); askerScore
	// gives it to the card's smoothing when the counts are labelled ones
	spare map[string]float64
}

// tally sums counts (card id -> stem -> count) and keeps the cards'
// question counts (card id -> questions; a card the labelled questions
// were counted for has an entry, 0 if none of them is about it).
func tally(counts map[string]map[string]float64, questions map[string]float64) *askerTally {
	t := &askerTally{count: counts, total: map[string]float64{}, all: map[string]float64{}, questions: questions, spare: map[string]float64{}}
	for id, c := range counts {
		for s, n := range c {
			t.total[id] += n
			t.all[s] += n
			t.spare[id] += min(n, askerDiscount)
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
	// prior is each card's log prior (priors), added to the log of its
	// ranking score
	prior map[string]float64
}

// shippedAskers is askerCounts, read once.
var shippedAskers = tally(parseAskerCounts(askerCounts), askerQuestions)

// parseAskerCounts reads askerCounts' form: per card, space-separated
// stem:count pairs.
func parseAskerCounts(src map[string]string) map[string]map[string]float64 {
	out := make(map[string]map[string]float64, len(src))
	for id, line := range src {
		m := map[string]float64{}
		eachPair(line, func(stem string, n float64) { m[stem] = n })
		out[id] = m
	}
	return out
}

// eachPair calls f with each of line's space-separated stem:number pairs,
// the form of the fitted data (decide_askers.go, decide_classes.go),
// skipping any that is not one.
func eachPair(line string, f func(stem string, v float64)) {
	for _, p := range strings.Fields(line) {
		i := strings.LastIndexByte(p, ':')
		if i <= 0 {
			continue
		}
		v, err := strconv.ParseFloat(p[i+1:], 64)
		if err != nil {
			continue
		}
		f(p[:i], v)
	}
}

// setAskers builds the askers' model from the labelled counts (nil for
// none) and the cards' own titles, aliases and questions, which are counted
// once per index: the fit sets other labelled counts many times. Counts
// for cards that are not in the set are left out.
func (x *Index) setAskers(labelled *askerTally) {
	if labelled == nil {
		labelled = tally(nil, nil)
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
		own = tally(counts, nil)
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
	m.prior = x.priors(labelled.questions)
	x.askers = m
}

// priors is the log prior of each card the questions were counted for:
// how much more often than the average card its labelled questions ask
// for it, smoothed by priorSmoothing questions per card and scaled by
// priorWeight. A card they were not counted for (a team's own pack) has
// none, as if it were an average one.
func (x *Index) priors(questions map[string]float64) map[string]float64 {
	var sum, known float64
	for _, c := range x.set.Cards() {
		if n, ok := questions[c.ID]; ok {
			sum += n
			known++
		}
	}
	out := map[string]float64{}
	if known == 0 {
		return out
	}
	for _, c := range x.set.Cards() {
		if n, ok := questions[c.ID]; ok {
			out[c.ID] = priorWeight * math.Log((n+priorSmoothing)/(sum+priorSmoothing*known)*known)
		}
	}
	return out
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

// askerWord is one of a question's words for askerScore: its stem, its
// likelihood among all askers and its topical weight, which are the same
// for every card.
type askerWord struct {
	stem   string
	bg, tw float64
}

// askerWords is the question's terms and the stems of its synonyms'
// expansion (p.expanded) for askerScore, worked out once for all the
// candidates.
func (x *Index) askerWords(p prepared) []askerWord {
	m := x.askers
	out := make([]askerWord, len(p.expanded))
	for i, stem := range p.expanded {
		out[i] = askerWord{stem: stem, bg: (m.all[stem] + 0.5) / m.norm, tw: x.topicalWeight(stem)}
	}
	return out
}

// askerScore is the mean over the question's words (askerWords), weighted
// by their topical weights, of the log of how much likelier the word is
// among card id's askers than among all askers. The expansion counts: the
// askers of the OSI card use "network" and "protocol" far more than those
// of the clocks card, which "the network time protocol" is about, but only
// the clocks card's own words have "ntp". Discounted, the labelled counts
// lose askerDiscount each (see there): the answer decision's askers
// feature is; the ranking's is not.
func (x *Index) askerScore(id string, words []askerWord, discounted bool) float64 {
	m := x.askers
	total := m.own.total[id] + m.labelled.total[id]
	if total == 0 {
		return 0
	}
	own, labelled := m.own.count[id], m.labelled.count[id]
	discount, smooth := 0.0, float64(askerSmoothing)
	if discounted {
		discount, smooth = askerDiscount, smooth+m.labelled.spare[id]
	}
	var s, n float64
	for _, aw := range words {
		l := labelled[aw.stem]
		pc := (own[aw.stem] + l - min(l, discount) + smooth*aw.bg) / (total + askerSmoothing)
		s += aw.tw * math.Log(pc/aw.bg)
		n += aw.tw
	}
	if n == 0 {
		return 0
	}
	return s / n
}
