package knowledge

import (
	"context"
	"testing"
)

// A card's word next to words the card never uses is a word in another
// sense; next to the card's own words it is the card's topic.
func TestSenseMismatch(t *testing.T) {
	x := shippedIndex(t)
	const id = "sticky-sessions"
	other := x.senseMismatch(id, x.prepare("how does the sticky bit work on linux files"))
	same := x.senseMismatch(id, x.prepare("sticky sessions on a load balancer"))
	if other < 0.99 {
		t.Errorf("'sticky bit': mismatch %.2f, want 1 (no neighbour of 'sticky' is the card's)", other)
	}
	if same > 0.01 {
		t.Errorf("'sticky sessions on a load balancer': mismatch %.2f, want 0", same)
	}
	if got := x.senseMismatch(id, x.prepare("what is the capital of peru")); got != 0 {
		t.Errorf("a question sharing no word with the card: mismatch %.2f, want 0", got)
	}
}

// The prior feature is the best card's log prior, the one the ranking
// used: a popular card's and a rare card's questions differ in it.
func TestPriorFeature(t *testing.T) {
	if got := featureNames[priorFeature]; got != "prior" {
		t.Fatalf("featureNames[priorFeature] = %q, want \"prior\"", got)
	}
	x := shippedIndex(t)
	seen := map[float64]bool{}
	for _, q := range []string{"how does consistent hashing place keys on nodes", "what is the PACELC theorem", "monolith or microservices for a small team"} {
		p := x.prepare(q)
		res, err := x.search(context.Background(), p, 5)
		if err != nil || len(res) == 0 {
			t.Fatalf("search %q: %v, %d results", q, err, len(res))
		}
		f := x.features(p, res)
		want, ok := x.askers.prior[res[0].Card.ID]
		if !ok || f[priorFeature] != want {
			t.Errorf("%q: prior feature %v, want the prior of %s (%v, %v)", q, f[priorFeature], res[0].Card.ID, want, ok)
		}
		seen[f[priorFeature]] = true
	}
	if len(seen) < 2 {
		t.Errorf("the three questions' best cards have the same prior %v", seen)
	}
}
