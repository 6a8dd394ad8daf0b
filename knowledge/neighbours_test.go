package knowledge

import (
	"math"
	"strings"
	"testing"
)

// The neighbours' balance leans to the side of the labelled questions
// most like the new one, weighs the closest ones most, and has no say
// when fewer than neighbourMin labelled questions share a word with it.
func TestNeighbourBalance(t *testing.T) {
	x := shippedIndex(t)
	answerable := []string{
		"how should we partition tenant rows across shards",
		"picking a shard key to partition customer rows",
		"rebalancing shards when one partition grows too big",
	}
	offTopic := []string{
		"how do I change the colour of the sidebar in the settings",
		"the sidebar settings page shows the wrong colour after upgrading",
		"where is the colour setting of the dark theme",
	}
	var data []sample
	for _, q := range answerable {
		data = append(data, sample{q: q, answerable: true, p: x.prepare(q)})
	}
	for _, q := range offTopic {
		data = append(data, sample{q: q, answerable: false, p: x.prepare(q)})
	}
	m := neighboursFrom(data)
	if b := m.balance(x.prepare("choosing a shard key to partition rows")); b != 1 {
		t.Errorf("a question like the answerable ones only: balance %v, want 1", b)
	}
	if b := m.balance(x.prepare("sidebar colour settings")); b != -1 {
		t.Errorf("a question like the off-topic ones only: balance %v, want -1", b)
	}
	// a word of each side: the side whose rarer, closer words it shares
	// more of wins, but not by all
	if b := m.balance(x.prepare("shard key setting for the sidebar colour")); !(b < 0 && b > -1) {
		t.Errorf("a question closer to the off-topic ones, with one answerable word: balance %v, want between -1 and 0", b)
	}
	for _, q := range []string{"what is otp", ""} {
		if b := m.balance(x.prepare(q)); b != 0 {
			t.Errorf("%q shares no word with the labelled questions: balance %v, want 0", q, b)
		}
	}
	// fewer than neighbourMin labelled questions to judge by
	if b := m.balance(x.prepare("rebalancing")); b != 0 {
		t.Errorf("a word of one labelled question: balance %v, want 0", b)
	}
	if b := m.balance(x.prepare("rebalancing partition")); b != 1 {
		t.Errorf("with a word of two more answerable questions: balance %v, want 1", b)
	}
	var none *neighbourModel
	if b := none.balance(x.prepare("shard key")); b != 0 {
		t.Errorf("no labelled questions: balance %v, want 0", b)
	}
}

// Only the neighbourK closest labelled questions count: of the 32 that
// share a stem with the question, the two answerable ones, which are the
// closest, and the first eight of the equally far off-topic ones.
func TestNeighbourBalanceNearest(t *testing.T) {
	docs := [][]string{{"shard", "key"}, {"shard", "key", "rebal"}}
	on := []bool{true, true}
	for i := 0; i < 3*neighbourK; i++ {
		docs = append(docs, []string{"shard", "sidebar", "colour", "theme", "upgrad"})
		on = append(on, false)
	}
	m := newNeighbours(docs, on)
	got := m.balance(prepared{learned: []string{"shard", "key"}})
	// the two answerable ones are the closest; the off-topic ones take
	// the other neighbourK-2 places
	if !(got > -1 && got < 1) {
		t.Fatalf("balance %v, want between -1 and 1", got)
	}
	want := func() float64 {
		var yes, all float64
		q := []string{"shard", "key"}
		for i := 0; i < neighbourK; i++ {
			s := cosine(m, q, i)
			all += s
			if on[i] {
				yes += s
			}
		}
		return (2*yes - all) / all
	}()
	if math.Abs(got-want) > 1e-9 {
		t.Errorf("balance %v, want %v (the %d closest)", got, want, neighbourK)
	}
}

// cosine is the similarity of stems q to labelled question i, worked out
// from the postings.
func cosine(m *neighbourModel, q []string, i int) float64 {
	n := float64(len(m.on))
	var norm, dot float64
	for _, s := range q {
		idf := smoothIDF(n, float64(len(m.post[s])))
		norm += idf * idf
	}
	for _, s := range q {
		idf := smoothIDF(n, float64(len(m.post[s])))
		for _, p := range m.post[s] {
			if int(p.q) == i {
				dot += idf * float64(p.w)
			}
		}
	}
	return dot / math.Sqrt(norm)
}

// The generated form reads back: a line a labelled question, "+" or "-"
// then its stems; other lines are skipped. The shipped one has both kinds.
func TestShippedNeighbours(t *testing.T) {
	m := parseNeighbours([]string{"+ shard key", "- sidebar colour", "? shard", "+", "shard key"})
	if len(m.on) != 2 || !m.on[0] || m.on[1] {
		t.Fatalf("read %v, want the two well-formed lines, answerable then off-topic", m.on)
	}
	if got := len(m.post["shard"]); got != 1 {
		t.Errorf("%d questions with the stem shard, want 1", got)
	}
	var yes, no int
	for _, l := range neighbourQuestions {
		switch {
		case strings.HasPrefix(l, "+ "):
			yes++
		case strings.HasPrefix(l, "- "):
			no++
		}
	}
	if yes < 1000 || no < 1000 || len(shippedNeighbours().on) != yes+no {
		t.Errorf("shipped: %d answerable and %d off-topic questions, %d read: want over 1,000 of each, all read", yes, no, len(shippedNeighbours().on))
	}
}
