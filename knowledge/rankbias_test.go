package knowledge

import (
	"context"
	"math"
	"testing"
)

func TestFitRankBiases(t *testing.T) {
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

	b := fitRank(data, 1, false).bias
	if !(b["narrow"] > b["broad"]) || !(b["other"] < 0) {
		t.Fatalf("fitRank biases = %v; want narrow above broad and other below 0", b)
	}
	if 1.0+b["narrow"] <= 1.2+b["broad"] {
		t.Errorf("with the biases %v, narrow (1.0) is still ranked below broad (1.2) for its questions", b)
	}
	if 3+b["broad"] <= 1.0+b["narrow"] {
		t.Errorf("with the biases %v, broad lost its own questions", b)
	}
	// A larger penalty keeps the biases smaller.
	s := fitRank(data, 100, false).bias
	if !(math.Abs(s["narrow"]) < math.Abs(b["narrow"])) {
		t.Errorf("penalty 100: narrow %.3f; want nearer 0 than %.3f at 1", s["narrow"], b["narrow"])
	}
	// No evidence either way: no bias.
	even := []sample{
		{answerable: true, cands: []rankCand{{id: "a", logScore: 1, ok: true}, {id: "b", logScore: 1}}},
		{answerable: true, cands: []rankCand{{id: "a", logScore: 1}, {id: "b", logScore: 1, ok: true}}},
	}
	if e := fitRank(even, 1, false).bias; len(e) != 0 {
		t.Errorf("fitRank(balanced) biases = %v; want none", e)
	}
}

// rankedQuestion is the shipped index, a question prepared for search and
// its first five results, at least two, for changing a part of the
// ranking and searching again.
func rankedQuestion(t *testing.T) (*Index, prepared, []Result) {
	t.Helper()
	x := shippedIndex(t)
	p := x.prepare("how do I keep two services consistent")
	res, err := x.search(context.Background(), p, 5)
	if err != nil || len(res) < 2 {
		t.Fatalf("search: %v, %d results", err, len(res))
	}
	return x, p, res
}

func TestBiasInRanking(t *testing.T) {
	x, p, before := rankedQuestion(t)
	second := before[1].Card.ID
	saved := x.bias
	t.Cleanup(func() { x.bias = saved })
	x.bias = map[string]float64{}
	for id, v := range saved {
		x.bias[id] = v
	}
	x.bias[second] += math.Log(before[0].Score/before[1].Score) + 0.1
	after, err := x.search(context.Background(), p, 5)
	if err != nil {
		t.Fatal(err)
	}
	if after[0].Card.ID != second {
		t.Errorf("with its bias raised past the first, %s is ranked %s first; want it first", second, after[0].Card.ID)
	}
	// rankCands takes the biases and the ranking's weights back out of
	// the scores.
	c := x.rankCands(after, []string{second})
	plain := math.Log(before[1].Score) - saved[second] - rankShift(x.rankW, c[0].parts.features())
	if math.Abs(c[0].logScore-plain) > 1e-9 || !c[0].ok {
		t.Errorf("rankCands = %+v; want %s's score without its bias, %.6f, marked right", c[0], second, plain)
	}
}

func TestFitRankWeights(t *testing.T) {
	// In each question the wrong card's log score is a little higher, but
	// the right card covers more of the question (confidence 0.9 against
	// 0.2); the similarity says nothing (the same for both). Biases alone
	// cannot fix that, since each card is right as often as it is wrong.
	var data []sample
	for i := range 40 {
		a, b := "a", "b"
		if i%2 == 1 {
			a, b = b, a
		}
		data = append(data, sample{answerable: true, cands: []rankCand{
			{id: a, logScore: 1.3 + float64(i%5)*0.1, parts: rankParts{confidence: 0.2, similarity: 0.5}},
			{id: b, logScore: 1.0 + float64(i%3)*0.1, ok: true, parts: rankParts{confidence: 0.9, similarity: 0.5}},
		}})
	}
	plain := fitRank(data, 10, false)
	if plain.w != [nRankFeatures]float64{} {
		t.Errorf("without weights, fitRank weights = %v; want none", plain.w)
	}
	r := fitRank(data, 10, true)
	conf, sim := r.w[1], r.w[2]
	if conf <= 0 {
		t.Fatalf("fitRank weights = %v; want a positive weight for the confidence", r.w)
	}
	for _, s := range data {
		right, wrong := s.cands[1], s.cands[0]
		score := func(c rankCand) float64 {
			return c.logScore + r.bias[c.id] + rankShift(r.w, c.parts.features())
		}
		if score(right) <= score(wrong) {
			t.Fatalf("with the weights %v the right card (%.2f) is still below the wrong one (%.2f)", r.w, score(right), score(wrong))
		}
	}
	if math.Abs(sim) > conf/2 {
		t.Errorf("fitRank weights = %v; the similarity, the same for both cards, should weigh little", r.w)
	}
}

func TestRankWeightsInRanking(t *testing.T) {
	x, p, before := rankedQuestion(t)
	saved := x.rankW
	t.Cleanup(func() { x.rankW = saved })
	x.rankW[1] += 2 // the confidence
	after, err := x.search(context.Background(), p, 5)
	if err != nil {
		t.Fatal(err)
	}
	var compared int
	for _, a := range after {
		for _, b := range before {
			if a.Card.ID != b.Card.ID {
				continue
			}
			compared++
			if want := b.Score * math.Exp(2*b.Confidence); math.Abs(a.Score-want) > 1e-9*want {
				t.Errorf("%s: score %.6f with the confidence's weight raised by 2; want %.6f (%.6f × e^(2 × %.3f))", a.Card.ID, a.Score, want, b.Score, b.Confidence)
			}
		}
	}
	if compared < 2 {
		t.Errorf("only %d of the cards ranked before are ranked after; want at least 2 to compare", compared)
	}
}
