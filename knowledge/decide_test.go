package knowledge

import "testing"

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
