package knowledge

import (
	"context"
	"slices"
	"testing"
)

// Words askers put around every topic ("suggestions", "setup") must not
// pull the card that happens to have them: with the topical weights the
// question reaches the rate-limiting cards and is answered; without them
// the autocomplete card, whose body is about suggestions, comes first. And
// a question wrapped in such words ("wondering", "concept") keeps enough
// coverage to look answerable. What the fit learned from the labelled
// questions favours the rate-limiting cards too, so the test takes it out
// (withoutLearnedRanking) before it compares.
func TestTopicalWeightsRank(t *testing.T) {
	x := shippedIndex(t)
	const q = "any suggestions for a setup that limits how many requests each client can send"
	want := []string{"design-rate-limiter", "rate-limiting"}
	if w := x.topicalWeight(x.stemWord("suggestions")); w >= 0.5 {
		t.Fatalf("topical weight of 'suggestions' = %.2f, want under 0.5", w)
	}
	a, err := x.Answer(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Answered || len(a.Results) == 0 || !slices.Contains(want, a.Results[0].Card.ID) {
		t.Fatalf("with topical weights: answered=%v results=%v, want one of %v first", a.Answered, ids(a.Results), want)
	}
	const wrapped = "I was wondering about the concept behind cache eviction, could someone explain it"
	withoutLearnedRanking(x)
	with := answerLikelihood(t, x, wrapped)
	p := x.prepare(q)
	res, err := x.search(context.Background(), p, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) == 0 || !slices.Contains(want, res[0].Card.ID) {
		t.Fatalf("without the askers' words and priors, the classifier and the biases: results=%v, want one of %v first", ids(res), want)
	}
	x.setTopical(nil)
	if res, err = x.search(context.Background(), p, 3); err != nil {
		t.Fatal(err)
	}
	if len(res) > 0 && slices.Contains(want, res[0].Card.ID) {
		t.Fatalf("without topical weights %s is first too; the test no longer shows what the weights do", res[0].Card.ID)
	}
	if without := answerLikelihood(t, x, wrapped); with < without+0.2 {
		t.Errorf("%q: likelihood %.2f with topical weights, %.2f without; want the weights to raise it clearly", wrapped, with, without)
	}
}

// answerLikelihood is the decision's probability that the best card
// answers q.
func answerLikelihood(t *testing.T, x *Index, q string) float64 {
	t.Helper()
	p := x.prepare(q)
	res, err := x.search(context.Background(), p, 5)
	if err != nil {
		t.Fatal(err)
	}
	return x.likelihood(p, res)
}

// topicalFrom counts, for each word of the answerable questions, the share
// whose answering card has it, smoothed by topicalPrior; words every
// answering card has, words of fewer than topicalMinQuestions questions
// and off-topic questions give no weight.
func TestTopicalFrom(t *testing.T) {
	x := shippedIndex(t)
	data := []sample{
		newSample(x, "wondering about consistent hashing", []string{"consistent-hashing"}, ""),
		newSample(x, "wondering how consistent hashing rebalances", []string{"consistent-hashing"}, ""),
		newSample(x, "wondering about my lunch", nil, ""),
		newSample(x, "wondering about my dinner", nil, ""),
	}
	w := topicalFrom(x, data)
	wonder := x.stemWord("wondering")
	if got, want := w[wonder], float64(topicalPrior)/(2+topicalPrior); got != want {
		t.Errorf("weight of %q = %v, want %v", wonder, got, want)
	}
	if v, ok := w[x.stemWord("consistent")]; ok {
		t.Errorf("'consistent' is in the answering card every time, yet weighs %v", v)
	}
	if v, ok := w[x.stemWord("rebalances")]; ok {
		t.Errorf("'rebalances' is in one question only, yet weighs %v", v)
	}
	if len(w) != 1 {
		t.Errorf("weights %v, want only %q", w, wonder)
	}
}
