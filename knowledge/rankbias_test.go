package knowledge

import (
	"context"
	"math"
	"testing"
)

func TestFitBias(t *testing.T) {
	// Card "broad" is ranked first for ten questions that "narrow"
	// answers, a little ahead of it, and for ten of its own, far ahead.
	// "other" is ranked and never right.
	var data []sample
	for range 10 {
		data = append(data, sample{answerable: true, cands: []rankCand{
			{id: "broad", logScore: 1.2}, {id: "narrow", logScore: 1.0}, {id: "other", logScore: 0.5, ok: false},
		}})
		data[len(data)-1].cands[1].ok = true
		data = append(data, sample{answerable: true, cands: []rankCand{
			{id: "broad", logScore: 3, ok: true}, {id: "narrow", logScore: 1.0}, {id: "other", logScore: 0.5},
		}})
	}
	// Off-topic questions and questions none of whose ranked cards is
	// right say nothing.
	data = append(data, sample{answerable: false, cands: []rankCand{{id: "other", logScore: 9}}})
	data = append(data, sample{answerable: true, cands: []rankCand{{id: "other", logScore: 9}}})

	b := fitBias(data, 1)
	if !(b["narrow"] > b["broad"]) || !(b["other"] < 0) {
		t.Fatalf("fitBias = %v; want narrow above broad and other below 0", b)
	}
	if 1.0+b["narrow"] <= 1.2+b["broad"] {
		t.Errorf("with the biases %v, narrow (1.0) is still ranked below broad (1.2) for its questions", b)
	}
	if 3+b["broad"] <= 1.0+b["narrow"] {
		t.Errorf("with the biases %v, broad lost its own questions", b)
	}
	// A larger penalty keeps the biases smaller.
	s := fitBias(data, 100)
	if !(math.Abs(s["narrow"]) < math.Abs(b["narrow"])) {
		t.Errorf("penalty 100: narrow %.3f; want nearer 0 than %.3f at 1", s["narrow"], b["narrow"])
	}
	// No evidence either way: no bias.
	even := []sample{
		{answerable: true, cands: []rankCand{{id: "a", logScore: 1, ok: true}, {id: "b", logScore: 1}}},
		{answerable: true, cands: []rankCand{{id: "a", logScore: 1}, {id: "b", logScore: 1, ok: true}}},
	}
	if e := fitBias(even, 1); len(e) != 0 {
		t.Errorf("fitBias(balanced) = %v; want none", e)
	}
}

func TestBiasInRanking(t *testing.T) {
	x := shippedIndex(t)
	ctx := context.Background()
	p := x.prepare("how do I keep two services consistent")
	before, err := x.search(ctx, p, 5)
	if err != nil || len(before) < 2 {
		t.Fatalf("search: %v, %d results", err, len(before))
	}
	second := before[1].Card.ID
	saved := x.bias
	t.Cleanup(func() { x.bias = saved })
	x.bias = map[string]float64{}
	for id, v := range saved {
		x.bias[id] = v
	}
	x.bias[second] += math.Log(before[0].Score/before[1].Score) + 0.1
	after, err := x.search(ctx, p, 5)
	if err != nil {
		t.Fatal(err)
	}
	if after[0].Card.ID != second {
		t.Errorf("with its bias raised past the first, %s is ranked %s first; want it first", second, after[0].Card.ID)
	}
	// rankCands takes the biases back out of the scores.
	c := x.rankCands(after, []string{second})
	plain := math.Log(before[1].Score) - saved[second]
	if math.Abs(c[0].logScore-plain) > 1e-9 || !c[0].ok {
		t.Errorf("rankCands = %+v; want %s's score without its bias, %.6f, marked right", c[0], second, plain)
	}
}
