package knowledge

import (
	"context"
	"math"
	"slices"
	"testing"
)

// The classifier learns which words tell one card's askers from the
// others': a word every card's askers use weighs less than the words only
// one card's use, and a new question with those words scores its card
// above the others, a card no labelled question asks about among them.
func TestClassesFrom(t *testing.T) {
	x := shippedIndex(t)
	labelled := map[string][]string{
		"database-sharding": {
			"how should we partition the tenant rows across shards in our service",
			"picking a shard key to partition customer rows for the service",
			"rebalancing shards after a partition grows too big in the service",
		},
		"cache-eviction-policies": {
			"which entries to evict when the cache is full in our service",
			"evict least recently used entries from the service cache",
			"the service cache evicts hot entries too early",
		},
		"design-rate-limiter": {
			"throttle clients that exceed their quota in our service",
			"a quota per client so the service can throttle bursts",
			"throttle noisy clients before they hit the service",
		},
	}
	var data []sample
	for id, qs := range labelled {
		for _, q := range qs {
			data = append(data, sample{q: q, answerable: true, expect: []string{id, "caching-strategies"}, p: x.prepare(q)})
		}
	}
	data = append(data, sample{q: "what is the weather like", answerable: false, p: x.prepare("what is the weather like")})
	m := classesFrom(x, data)
	stem := func(w string) string { return x.stemWord(w) }
	for id, own := range map[string]string{"database-sharding": "shard", "cache-eviction-policies": "evict", "design-rate-limiter": "throttle"} {
		if w, s := m.weight(stem(own), id), m.weight(stem("service"), id); !(w > 0 && w > math.Abs(s)) {
			t.Errorf("%s: weight of %q %v, of the shared word %v: want the card's own word to weigh more", id, own, w, s)
		}
	}
	// only the first card of a question's labels is learned
	for _, ws := range m.w {
		for _, cw := range ws {
			if cw.id == "caching-strategies" && cw.w > 0 {
				t.Errorf("a second label got a positive weight %v", cw.w)
			}
		}
	}
	scores := m.scores(x.prepare("how do I choose a shard key to partition rows"))
	best := scores["database-sharding"]
	for _, id := range []string{"cache-eviction-policies", "design-rate-limiter", "api-gateway"} {
		if s := scores[id]; s >= best {
			t.Errorf("score of %s %v, of database-sharding %v: want sharding first", id, s, best)
		}
	}
	// the question's vector has length 1: its one known stem counts fully
	one := m.scores(x.prepare("evict"))
	if w := m.weight(stem("evict"), "cache-eviction-policies"); math.Abs(one["cache-eviction-policies"]-w) > 1e-9 {
		t.Errorf("score of a one-stem question %v, want the stem's weight %v", one["cache-eviction-policies"], w)
	}
	if got := m.scores(x.prepare("weather")); len(got) != 0 {
		t.Errorf("scores of a question with no known stem = %v, want none", got)
	}
}

// weight is stem's weight for card id, 0 if it has none.
func (m *classModel) weight(stem, id string) float64 {
	for _, cw := range m.w[stem] {
		if cw.id == id {
			return cw.w
		}
	}
	return 0
}

// The shipped classifier reads back from its generated form: most cards
// have weights, none more than classKeep, and a card it was not fitted
// for (a team's own pack) scores 0.
func TestShippedClasses(t *testing.T) {
	x := shippedIndex(t)
	m := x.classes
	if m == nil || len(m.idf) == 0 {
		t.Fatal("no shipped classifier")
	}
	per := map[string]int{}
	for _, ws := range m.w {
		for _, cw := range ws {
			per[cw.id]++
		}
	}
	asked := 0
	for _, c := range x.set.Cards() {
		if askerQuestions[c.ID] > 0 {
			asked++
		}
	}
	if len(per) < asked*9/10 {
		t.Errorf("%d cards have weights, %d are asked about", len(per), asked)
	}
	for id, n := range per {
		if n > classKeep {
			t.Errorf("%s has %d weights, want at most %d", id, n, classKeep)
		}
	}
	scores := m.scores(x.prepare("how do I choose a shard key"))
	if len(scores) == 0 || scores["no-such-team-card"] != 0 {
		t.Errorf("scores %v: want some, and none for an unknown card", scores)
	}
	got := parseClasses(map[string]string{"a": "shard:1.5 bad evict:x :2 cach:-0.25", "b": "shard:-1"}, "shard:2 cach:1 junk")
	if got.weight("shard", "a") != 1.5 || got.weight("cach", "a") != -0.25 || got.weight("shard", "b") != -1 || len(got.w) != 2 || got.idf["shard"] != 2 || len(got.idf) != 2 {
		t.Errorf("parseClasses = %+v, want three weights and two idfs, the malformed pairs skipped", got)
	}
	var none *classModel
	if s := none.scores(x.prepare("shard key")); s != nil {
		t.Errorf("no classifier: scores %v, want none", s)
	}
}

// The classifier's decision feature is the log of the share it gives the
// best card: the shares of all cards add up to one, a question plainly
// about one card gives it a larger share than a question that only shares
// a word with it, and a question whose words it does not know gets 0.
func TestClassifierFeature(t *testing.T) {
	if got := featureNames[classFeature]; got != "classifier" {
		t.Fatalf("featureNames[classFeature] = %q, want \"classifier\"", got)
	}
	x := shippedIndex(t)
	n := len(x.set.Cards())
	share := map[string]float64{}
	for _, q := range []string{"how does consistent hashing place keys on the nodes of a ring", "my hair is never consistent after washing it"} {
		p := x.prepare(q)
		res, err := x.search(context.Background(), p, 5)
		if err != nil || len(res) == 0 {
			t.Fatalf("search %q: %v, %d results", q, err, len(res))
		}
		f := x.features(p, res)
		if f[classFeature] != res[0].class || f[classFeature] > 0 {
			t.Errorf("%q: feature %v, want the best card's log share %v, at most 0", q, f[classFeature], res[0].class)
		}
		scores := x.classes.scores(p)
		norm := x.classes.logNorm(scores, n)
		sum := float64(n - len(scores))
		for _, c := range x.set.Cards() {
			if s, ok := scores[c.ID]; ok {
				sum += math.Exp(s)
			}
		}
		if math.Abs(math.Log(sum)-norm) > 1e-9 {
			t.Errorf("%q: log norm %v, want %v", q, norm, math.Log(sum))
		}
		share[q] = f[classFeature]
		if q[0] == 'h' && res[0].Card.ID != "consistent-hashing" {
			t.Errorf("%q: best card %s, want consistent-hashing", q, res[0].Card.ID)
		}
	}
	if on, off := share["how does consistent hashing place keys on the nodes of a ring"], share["my hair is never consistent after washing it"]; on <= off {
		t.Errorf("log share %v for the hashing question, %v for the hair one: want the first larger", on, off)
	}
	// a question none of whose words the classifier knows: it has no say
	if got := x.classes.logNorm(nil, n); got != 0 {
		t.Errorf("log norm with no scores = %v, want 0", got)
	}
}

// The models learned from labelled questions read a one-word synonym
// written another way as one word: people who write "k8s" and people who
// write "kubernetes" ask about the same thing. Synonyms that are other
// words, with senses of their own, stay apart.
func TestLearnedStems(t *testing.T) {
	x := shippedIndex(t)
	stem := x.stemWord
	for q, want := range map[string][]string{
		"k8s control plane":      {stem("kubernetes"), stem("control"), stem("plane")},
		"pg replicas":            {stem("postgresql"), stem("replicas")},
		"sharding vs partitions": {stem("sharding"), stem("partitions")},
		"latency and delay":      {stem("latency"), stem("delay")},
	} {
		if got := x.prepare(q).learned; !slices.Equal(got, want) {
			t.Errorf("%q: learned %v, want %v", q, got, want)
		}
	}
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{"k8", "kubernet", true}, {"db", "databas", true}, {"oauth2", "oauth", true},
		{"shard", "partit", false}, {"tls", "ssl", false}, {"latenc", "delai", false},
	} {
		if got := sameWord(c.a, c.b); got != c.same {
			t.Errorf("sameWord(%q, %q) = %v, want %v", c.a, c.b, got, c.same)
		}
	}
}

// TestClassBest checks the classifier's best cards for the ranking's
// rescoring (classDepth): highest scores first, ties by id, never a card
// with no positive score, none without a classifier.
func TestClassBest(t *testing.T) {
	m := &classModel{}
	scores := map[string]float64{"b": 0.5, "a": 0.5, "c": 0.9, "d": -0.2, "e": 0}
	if got, want := m.best(scores, 3), []string{"c", "a", "b"}; !slices.Equal(got, want) {
		t.Errorf("best of 3 = %v, want %v", got, want)
	}
	if got, want := m.best(scores, 10), []string{"c", "a", "b"}; !slices.Equal(got, want) {
		t.Errorf("best of 10 = %v, want %v (no card without a positive score)", got, want)
	}
	var none *classModel
	if got := none.best(scores, 3); got != nil {
		t.Errorf("best without a classifier = %v, want none", got)
	}
}
