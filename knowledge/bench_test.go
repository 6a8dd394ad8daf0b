package knowledge

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
	"time"
)

// BenchmarkBuildShipped builds the index of the embedded cards.
func BenchmarkBuildShipped(b *testing.B) {
	set, _ := Load()
	b.ReportAllocs()
	for b.Loop() {
		x, err := NewIndex(set)
		if err != nil {
			b.Fatal(err)
		}
		x.Close()
	}
}

// BenchmarkBuild5000 builds an index of 5,000 generated cards, made by
// remixing the words of the shipped ones.
func BenchmarkBuild5000(b *testing.B) {
	set := generatedSet(b, 5000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		x, err := NewIndex(set)
		if err != nil {
			b.Fatal(err)
		}
		x.Close()
	}
}

var benchQuestions = []string{
	"how does consistent hashing work",
	"consistnt hashing virtual nodes",
	"2PC vs saga",
	"what is the difference between a process and a thread",
	"design a chat app for millions of users",
	"tell me about sourdough starters",
	"why is my cache hit ratio low after a deploy",
	"LRU vs LFU",
}

// BenchmarkAnswer measures a whole answer (search, confidence, passage),
// bypassing the answer cache, and reports the 99th percentile.
func BenchmarkAnswer(b *testing.B) {
	x := shippedIndex(b)
	ctx := context.Background()
	var times []time.Duration
	i := 0
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		if _, err := x.answer(ctx, benchQuestions[i%len(benchQuestions)]); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(start))
		i++
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)*99/100].Microseconds())/1000, "p99-ms")
}

// BenchmarkComplete measures autocomplete over the shipped cards.
func BenchmarkComplete(b *testing.B) {
	x := shippedIndex(b)
	prefixes := []string{"con", "bloom", "design-", "consistant", "zz"}
	i := 0
	for b.Loop() {
		x.Complete(prefixes[i%len(prefixes)], 25)
		i++
	}
}

func generatedSet(tb testing.TB, n int) *Set {
	tb.Helper()
	base, _ := Load()
	var words []string
	for _, c := range base.Cards() {
		words = append(words, strings.Fields(plainText(c.Body))...)
	}
	r := rand.New(rand.NewPCG(1, 2))
	pick := func(k int) string {
		out := make([]string, k)
		for i := range out {
			out[i] = words[r.IntN(len(words))]
		}
		return strings.Join(out, " ")
	}
	cards := make([]*Card, 0, n)
	for i := range n {
		src := base.Cards()[i%base.Len()]
		c := *src
		c.ID = fmt.Sprintf("%s-%d", src.ID, i)
		c.Title = pick(4)
		c.Aliases = []string{pick(2)}
		c.Summary = pick(25)
		c.Questions = []string{pick(8), pick(8), pick(8)}
		c.Body = "## How it works\n" + pick(120) + "\n## Trade-offs\n" + pick(120)
		c.Related = nil
		cards = append(cards, &c)
	}
	set, _ := assemble(cards)
	return set
}

// BenchmarkAnswerCached measures a repeated question, served from the
// answer cache.
func BenchmarkAnswerCached(b *testing.B) {
	x := shippedIndex(b)
	ctx := context.Background()
	for b.Loop() {
		if _, err := x.Answer(ctx, "how does consistent hashing work"); err != nil {
			b.Fatal(err)
		}
	}
}

// loadQuestions are the load benchmark's questions (cmd/sdbot): each is
// made unique by a " vN" suffix there, so every one is searched.
var loadQuestions = []string{
	"how does consistent hashing work", "what is a bloom filter", "redis vs memcached",
	"design a url shortener", "why is kafka fast", "what is the cap theorem",
	"how do rate limiters work", "what is a write-ahead log",
}

// BenchmarkAnswerUnique measures Answer on the load benchmark's unique
// questions, which miss the answer cache: the search the uncached load
// benchmark pays for on every request.
func BenchmarkAnswerUnique(b *testing.B) {
	x := shippedIndex(b)
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		q := fmt.Sprintf("%s v%d", loadQuestions[i%len(loadQuestions)], i)
		if _, err := x.Answer(ctx, q); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
