package knowledge

import (
	"context"
	"testing"
)

// A word askers put around every topic ("suggest") must not pull the card
// that happens to have it: with the topical weights the question reaches
// the delivery-semantics card and is answered; without them the
// autocomplete card, whose body is about suggestions, comes first.
func TestTopicalWeightsRank(t *testing.T) {
	x := shippedIndex(t)
	const q = "what techniques would you suggest to ensure messages are processed exactly once"
	const want = "message-delivery-semantics"
	if w := x.topicalWeight(x.stemWord("suggest")); w >= 0.5 {
		t.Fatalf("topical weight of 'suggest' = %.2f, want under 0.5", w)
	}
	a, err := x.Answer(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Answered || len(a.Results) == 0 || a.Results[0].Card.ID != want {
		t.Fatalf("with topical weights: answered=%v results=%v, want %s first", a.Answered, ids(a.Results), want)
	}
	x.topical = nil
	p := x.prepare(q)
	res, err := x.search(context.Background(), p, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) > 0 && res[0].Card.ID == want {
		t.Fatalf("without topical weights %s is first too; the test no longer shows what the weights do", want)
	}
}

// topicalFrom counts, for each word of the answerable questions, the share
// whose answering card has it, smoothed by topicalPrior; words every
// answering card has, words of fewer than topicalMinQuestions questions
// and off-topic questions give no weight.
func TestTopicalFrom(t *testing.T) {
	x := shippedIndex(t)
	data := []sample{
		{q: "wondering about consistent hashing", answerable: true, expect: []string{"consistent-hashing"}},
		{q: "wondering how consistent hashing rebalances", answerable: true, expect: []string{"consistent-hashing"}},
		{q: "wondering about my lunch", answerable: false},
		{q: "wondering about my dinner", answerable: false},
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
