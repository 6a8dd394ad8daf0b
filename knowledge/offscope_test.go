package knowledge

import (
	"context"
	"testing"
)

func TestLoadOffscopeRejectsBadLists(t *testing.T) {
	stem := func(w string) string { return w }
	rejects(t, map[string]string{
		"not yaml":     "domains: [",
		"no name":      "domains:\n  - words: [oven]\n",
		"no words":     "domains:\n  - name: home\n",
		"empty domain": "domains:\n  - name: home\n    words: []\n",
	}, "off-scope vocabulary", func(data []byte) error {
		_, _, err := loadOffscope(stem, data)
		return err
	})
	got, plain, err := loadOffscope(stem, []byte("domains:\n  - name: home\n    words: [oven, dish-washer]\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"oven", "dish", "washer"} {
		if !got[w] || !plain[w] {
			t.Errorf("%q missing from %v or %v", w, got, plain)
		}
	}
}

// The off-scope share counts everyday words the best card lacks, and
// nothing in a question the card answers.
func TestOffscopeShare(t *testing.T) {
	x := shippedIndex(t)
	share := func(q string) (string, float64) {
		t.Helper()
		p := x.prepare(q)
		res, err := x.search(context.Background(), p, 5)
		if err != nil || len(res) == 0 {
			t.Fatalf("search %q: %v, %d results", q, err, len(res))
		}
		return res[0].Card.ID, x.features(p, res)[10]
	}
	for _, q := range []string{"when does a circuit breaker trip and how does it recover", "how do you design a stock exchange matching engine"} {
		if id, s := share(q); s != 0 {
			t.Errorf("%q (%s): off-scope share %.2f, want 0", q, id, s)
		}
	}
	for _, q := range []string{"my oven and fridge keep tripping the circuit breaker in the garage", "which shares should my retirement portfolio hold"} {
		p := x.prepare(q)
		res, _ := x.search(context.Background(), p, 5)
		f := x.features(p, res)
		if f[10] < 0.2 {
			t.Errorf("%q (%s): off-scope share %.2f, want at least 0.2", q, res[0].Card.ID, f[10])
		}
		without := f
		without[10] = 0
		if l, l0 := likelihood(len(p.terms), f), likelihood(len(p.terms), without); l >= l0 {
			t.Errorf("%q: likelihood %.2f with the off-scope words, %.2f without: want lower", q, l, l0)
		}
	}
	if a, err := x.Answer(context.Background(), "which shares should my retirement portfolio hold"); err != nil || a.Answered {
		t.Errorf("a retirement question answered (err %v), want refused", err)
	}
}
