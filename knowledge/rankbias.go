package knowledge

// The cards' ranking biases. Some cards come first for questions that are
// not theirs more often than others do: a case study named after a tool
// ("a chat app with Redis") draws the tool's everyday questions, and a
// broad card draws the questions of its narrower neighbours. The askers'
// prior (askers.go) counts how often people ask about each card, which is
// not the same thing. A card's bias is a number added to the log of its
// ranking score, fitted by the fit (TestFitDecision, fitRank) on the
// labelled questions so that the right card among the ten ranked is
// likeliest: a conditional logit over each question's ranked cards, with
// the rest of the score fixed and an L2 penalty that keeps each bias small
// (most lie within ±0.5). A team pack's card has none. In
// cross-validation (6,491 labelled questions, 3,232 answerable, each
// fold's biases fitted on the others) top-1 went from 0.816 to 0.824 and
// top-3 from 0.905 to 0.907.
//
// The same fit learns how much each part of the score counts beyond the
// weights set by hand (search): rankWeights, one for each of
// rankFeatures, each times its feature added to the log of the score
// with the card's bias. They are fitted with the biases and with a scale
// for the hand-made score, which leaves the order alone, and are divided
// by that scale. The fit gives the coverage confidence more weight and
// BM25 and the similarity less. In cross-validation (13,022 labelled
// questions, 5,453 answerable, each fold's biases and weights fitted on
// the others) top-1 went from 0.782 with the biases alone to 0.787 and
// top-3 from 0.895 to 0.901, while the answer decision refused one more
// answerable question (810 of 5,453) and two more off-topic ones were
// answered (2,146 of 7,569).
//
// Here too the signals are the limit, not the model's form. On batches
// 129 to 136 (1,505 answerable questions; the check until they joined the
// fit in the rotation of 2026-12-04) the right card was among the ten
// ranked for 96% and first for 83.6%; a gradient-boosted tree model over
// the same ranked cards' parts, fitted outside Go on the fit's questions
// (SDBOT_FIT_DUMP), put it first for 83.5%, and a seventh ranking weight
// for the share of the nearest labelled questions (neighbours.go) each
// card answers put it first for 83.5% too. With batch 147's second half in
// the fit (31,590 questions), judged on batches 144 to 152 (584
// answerable questions) against the same refit without the change: a
// weight for the share of the question's neighbouring word pairs a card
// writes side by side too (fitted at +1.34) put one more right card among
// the first three and refused one more answerable question; separate
// weights for short and for long questions (longTerms), as the answer
// decision has (the fit gave long questions' confidence +3.92 and askers
// +3.03, short ones' +2.87 and +1.45), put one more right card first and
// one more among the first three, and held-out one more of each. Neither
// was kept. Judged the same way on batches 144 to 153 (646 answerable,
// 1,610 off-topic), with the answer decision refitted too: the terms a
// card's body sets in bold (its defined terms, "virtual nodes", "long
// polling"; 844 of them on 185 cards, leaving out lead-ins that several
// cards bold) counted with its summary and tags put one fewer right card
// first, answered three more off-topic questions and refused one fewer
// answerable one; each card's quiz (questions, right choices,
// explanations, which set a scene as people describing their system do)
// searched with its body put one fewer right card first, answered one
// more off-topic question and refused two fewer answerable ones. Neither
// was kept. Outside Go, on the same refit's ranked cards (SDBOT_FIT_DUMP),
// a further score for the cosine between the question and the whole card
// (its text with its quiz), in a latent space of the cards' words (a
// truncated SVD of the cards, with or without the fit's questions, of 50
// to 300 dimensions) or with plain tf-idf vectors, was added to the log of
// the score. At the weight the fit's out-of-fold rankings favour (11,395
// answerable questions; there it put at most 15 more right cards first
// and 2 more among the first three) it put at most 6 more of the check's
// 646 right cards first and at most 5 more among the first three. The plain
// cosine did as well as the latent ones, so what it adds is another
// weighting of the same words, not their meaning. Built in Go as a
// seventh ranking weight (the cosine of the question's telling stems and
// the card's text with its quiz, tf-idf over the cards) and refitted with
// the others, it was weighed +1.12 and put one more of the 646 right
// cards first than the refit without it, the rest unchanged: the other
// weights had already taken most of what it adds. It was not kept. Nor
// do word vectors learnt from general text, which know that words no
// card writes mean much the same as the cards' ("checkout" and
// "payment"): the cosine of question and card as weighted sums of 100-
// dimensional GloVe vectors (their top component taken out, each word
// weighed by its rarity in English), tried outside Go the same way, put
// two to four more of the 646 right cards first at any weight, and as a
// decision feature, with or without the question's whole vector, it
// refused no more off-topic questions at the same share of answerable
// ones refused (area under the curve on the check 0.864 and 0.866).
// Long questions from GitHub issues and Q&A sites get the right card
// first less often than short ones (on batches 191 to 196, 0.514 of the
// 74 answerable ones of more than 25 words against 0.827 of the 52 of
// six words or fewer), and in the fit's batches of those kinds a broad
// card often comes first for them (event-driven architecture,
// microservice architecture, the scaling primer). A second bias for each
// card, added for questions of longTerms telling words or more and fitted
// with the first under the same penalty, was tried on 2026-12-05: with
// batches 17, 19, 21, 30 and 38 of the fit (504 answerable questions;
// GitHub issues and Q&A) left out of a refit with it and of one without,
// it put the right card first for 0.706 of their 248 answerable questions
// of more than 25 words against 0.718 without, and for 0.802 of the 177
// of twelve words or fewer against 0.808, although it weighed the broad
// cards down (microservice architecture -0.74, the scaling primer
// -0.57). It was not kept. Nor was searching the first sentence of such
// a question a second time (tried without a refit, on the refit without
// the second bias: 0.706 of the long ones first and 0.863 in the first
// three, against 0.718 and 0.875).
//
// cardBias and rankWeights (decide_bias.go) are the shipped biases and
// weights.

import "math"

// nRankFeatures is the number of rankFeatures.
const nRankFeatures = 6

// rankFeatures are the parts of a ranked card's score that rankWeights
// weigh: log(1 + bleve's BM25 score), the coverage confidence, the
// similarity to the card's questions, the askers' score, the log of the
// classifier's share and the card's log prior.
func rankFeatures(relevance, confidence, similarity, askers, class, prior float64) [nRankFeatures]float64 {
	return [nRankFeatures]float64{math.Log1p(relevance), confidence, similarity, askers, class, prior}
}

// rankShift is what the weights w add to the log of a ranked card's
// score with features f.
func rankShift(w, f [nRankFeatures]float64) float64 {
	var s float64
	for i := range w {
		s += w[i] * f[i]
	}
	return s
}
