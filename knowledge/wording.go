package knowledge

import (
	"slices"
	"strings"
)

// The wording signal. Whether a question is about system design shows in
// words that no card needs to have: people asking about their laptop, a
// build error or a theme's home page write "install", "theme", "my",
// "laptop"; people asking about their system write "service", "scale",
// "consistency". A bag-of-words logistic model, fitted on the labelled
// questions by TestFitDecision (fit_test.go) and kept in decide_words.go,
// gives the log-odds that a question's wording is that of an answerable
// one; the answer decision weighs it with the other signals. Its words are
// the asker's, not the cards', so it also covers the words a card lacks.
// Pairs of neighbouring words count too ("my_build", "how_scale"): with
// the 4,067 labelled questions of the seventeenth batch they made 11 to 13
// fewer errors than single words alone in cross-validation, over three
// ways of cutting the folds (with 736, they made four more).

// wordForm normalises a word for the model: lower case (words gives it),
// and a plural or verb ending cut from longer words, so "caches",
// "caching" and "cached" count as one.
func wordForm(w string) string {
	if len(w) <= 4 {
		return w
	}
	for _, end := range []string{"ing", "ed", "es", "s"} {
		if strings.HasSuffix(w, end) {
			return w[:len(w)-len(end)]
		}
	}
	return w
}

// wordForms returns the distinct normalised words of a question of two
// letters or more and the pairs of neighbouring ones (joined by "_"),
// sorted.
func wordForms(q string) []string {
	var out []string
	prev := ""
	for _, w := range words(q) {
		if len([]rune(w)) < 2 {
			continue
		}
		f := wordForm(w)
		out = append(out, f)
		if prev != "" {
			out = append(out, prev+"_"+f)
		}
		prev = f
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// wordScore is the model's log-odds for a question's word forms.
func wordScore(forms []string, weights map[string]float64, bias float64) float64 {
	z := bias
	for _, f := range forms {
		z += weights[f]
	}
	return z
}
