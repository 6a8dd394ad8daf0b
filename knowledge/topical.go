package knowledge

// Topical weights. A card's rarity weight (idf) says how telling a word is
// among the cards, not among questions: "concept", "mention", "wonder" or
// "setup" are in few cards, so they weigh as much as "eviction", yet real
// askers use them around every topic and the right card seldom has them.
// When such a word is missing from the right card, the coverage the answer
// decision reads drops (a question about cache eviction that wonders about
// the concept looks half covered), and when a wrong card happens to have
// it, that card gains rank ("suggest" pulled the autocomplete card,
// TestTopicalWeightsRank). topicalWeights (decide_terms.go) holds, for
// words that labelled real questions use, how often the card that answers
// the question has the word, smoothed toward 1 by topicalPrior pseudo-
// questions in which it does: about 0.17 for "wonder", near 1 for topic
// words. TestFitDecision (fit_test.go) works it out from the labelled
// questions and writes it with the decision's weights; the question's
// words are weighed by it in the coverage, in the question matcher and in
// the query. Words no labelled question used keep their full weight.

// topicalPrior is how many pseudo-questions in which the card has the
// word smooth a word's share. On the check files of the time, 1 refused three more
// answerable questions and two more off-topic ones than 2; 4 refused
// three fewer answerable and six fewer off-topic ones.
const topicalPrior = 2

// topicalMinQuestions is how many labelled questions must use a word for
// it to get a weight.
const topicalMinQuestions = 2

// topicalWeight is how much the stemmed word counts in a question.
func (x *Index) topicalWeight(stem string) float64 {
	if w, ok := x.topical[stem]; ok {
		return w
	}
	return 1
}

// rawWeight is topicalWeight for an unstemmed word.
func (x *Index) rawWeight(w string) float64 {
	return x.topicalWeight(x.stemWord(w))
}

// setTopical replaces the topical weights, and with them the question
// matcher's lengths of the cards' question vectors, which are worked out
// with them when the index is built (the fit tries weights of its own).
func (x *Index) setTopical(w map[string]float64) {
	x.topical = w
	x.buildQuestionMatcher()
}
