package knowledge

import (
	"context"
	"math"
	"testing"
)

// A card's prior follows how many labelled questions ask for it, smoothed,
// around the average card (log 0); a card the questions were not counted
// for (a team's pack, say) has none, whatever the others have.
func TestCardPriors(t *testing.T) {
	x := shippedIndex(t)
	cards := x.set.Cards()
	if len(cards) < 4 {
		t.Fatalf("only %d cards", len(cards))
	}
	popular, rare, unknown := cards[0].ID, cards[1].ID, cards[2].ID
	questions := map[string]float64{}
	for _, c := range cards {
		questions[c.ID] = 1
	}
	questions[popular], questions[rare] = 20, 0
	delete(questions, unknown)
	prior := x.priors(questions)
	if _, ok := prior[unknown]; ok {
		t.Errorf("a card with no count has prior %v, want none", prior[unknown])
	}
	known := float64(len(cards) - 1)
	sum := known - 2 + 20
	want := func(n float64) float64 {
		return priorWeight * math.Log((n+priorSmoothing)/(sum+priorSmoothing*known)*known)
	}
	for id, n := range map[string]float64{popular: 20, rare: 0, cards[3].ID: 1} {
		if got := prior[id]; math.Abs(got-want(n)) > 1e-12 {
			t.Errorf("prior of a card with %v questions = %v, want %v", n, got, want(n))
		}
	}
	if !(prior[popular] > 0 && prior[rare] < 0 && prior[rare] < prior[cards[3].ID]) {
		t.Errorf("priors popular %v, one question %v, none %v: want them in that order around 0", prior[popular], prior[cards[3].ID], prior[rare])
	}
	if got := x.priors(nil); len(got) != 0 {
		t.Errorf("priors without counts = %v, want none", got)
	}
	// the shipped counts were made with the cards of the set (a card
	// added since the last refit has none until the next)
	if n := len(x.askers.prior); n < len(cards)*9/10 {
		t.Errorf("shipped: %d of %d cards have a prior", n, len(cards))
	}
}

// A word that one labelled question used in passing is little evidence
// for its card: the discount gives its count (half a count, for a question
// two cards answer) to the card's smoothing, so it scores about as it does
// for a card none of whose askers used it, while a word many askers used
// keeps its weight. Each card's likelihoods of the words still sum to one.
// Only the answer decision's feature is discounted: the ranking's score
// still counts the word used once.
func TestAskerDiscount(t *testing.T) {
	x := shippedIndex(t)
	cards := x.set.Cards()
	once, often, none := cards[0].ID, cards[1].ID, cards[2].ID
	const word = "zyzzyva"
	counts := map[string]map[string]float64{
		once:  {word: 0.5, "cach": 9},
		often: {word: 10, "cach": 9},
		none:  {"cach": 9},
	}
	x.setAskers(tally(counts, map[string]float64{once: 10, often: 10, none: 9}))
	m := x.askers
	scoreAs := func(id, stem string, discounted bool) float64 {
		return x.askerScore(id, []askerWord{{stem: stem, bg: (m.all[stem] + 0.5) / m.norm, tw: 1}}, discounted)
	}
	score := func(id, stem string) float64 { return scoreAs(id, stem, true) }
	sOnce, sOften, sNone := score(once, word), score(often, word), score(none, word)
	if rOnce, rNone := scoreAs(once, word, false), scoreAs(none, word, false); rOnce < rNone+0.5 {
		t.Errorf("undiscounted, a word one question used scores %.3f, one no asker used %.3f: want it ahead", rOnce, rNone)
	}
	if math.Abs(sOnce-sNone) > 0.01 {
		t.Errorf("a word one question used scores %.3f, one no asker used %.3f: want them alike", sOnce, sNone)
	}
	if sOften < sOnce+2 {
		t.Errorf("a word ten questions used scores %.3f, one used once %.3f: want it well ahead", sOften, sOnce)
	}
	for _, id := range []string{once, often, none} {
		var sum, raw float64
		for stem := range m.all {
			bg := (m.all[stem] + 0.5) / m.norm
			sum += bg * math.Exp(score(id, stem))
			raw += bg * math.Exp(scoreAs(id, stem, false))
		}
		if math.Abs(sum-1) > 1e-6 || math.Abs(raw-1) > 1e-6 {
			t.Errorf("%s: the likelihoods of the words sum to %v discounted and %v not, want 1", id, sum, raw)
		}
	}
}

// The search ranks with the undiscounted askers' score, and the answer
// decision's askers feature is the discounted score of the best card
// (askerDiscount).
func TestAskersDiscountedForTheDecisionOnly(t *testing.T) {
	x := shippedIndex(t)
	p := x.prepare("how do I stop a client from being charged twice when it retries a payment")
	res, err := x.search(context.Background(), p, 5)
	if err != nil || len(res) == 0 {
		t.Fatalf("search: %v, %d results", err, len(res))
	}
	aw := x.askerWords(p)
	for _, r := range res {
		if u := x.askerScore(r.Card.ID, aw, false); r.askers != u {
			t.Errorf("%s: ranked with askers %v, want %v (undiscounted)", r.Card.ID, r.askers, u)
		}
	}
	best := res[0].Card.ID
	d := x.askerScore(best, aw, true)
	if f := x.features(p, res); f[13] != d {
		t.Errorf("%s: the decision's askers feature is %v, want %v (discounted)", best, f[13], d)
	}
	if d == res[0].askers {
		t.Error("the discounted and undiscounted scores of the best card are the same")
	}
}
