package knowledge

import (
	"slices"
	"testing"
)

func TestWordForms(t *testing.T) {
	got := wordForms("Caches, caching and CACHED: why is my cache a problem? I s")
	// one-letter words are left out, so "cache a problem" pairs cache
	// with problem
	want := []string{"and", "and_cach", "cach", "cach_and", "cach_cach", "cach_why",
		"cache", "cache_problem", "is", "is_my", "my", "my_cache", "problem", "why", "why_is"}
	if !slices.Equal(got, want) {
		t.Errorf("wordForms = %q, want %q", got, want)
	}
}

// The shipped wording model tells a person's tooling trouble from a
// question about their system by words no card needs to have.
func TestWordingSignal(t *testing.T) {
	score := func(q string) float64 { return wordScore(wordForms(q), wordWeights, wordBias) }
	on := []string{
		"how do we keep the cache and the database consistent when we scale out",
		"what is the difference between a message queue and a log",
	}
	off := []string{
		"my laptop fan is loud, should I buy a new one or fix it",
		"npm install fails with an error after I upgraded node, how do I fix my build",
	}
	for _, a := range on {
		for _, b := range off {
			if sa, sb := score(a), score(b); sa <= sb {
				t.Errorf("wording %q = %.2f, not above %q = %.2f", a, sa, b, sb)
			}
		}
	}
}

// The fit swaps the feature at wordingFeature for out-of-fold wording
// scores; pointing it at another feature would leak in-sample scores into
// the cross-validation without any error.
func TestWordingFeatureIndex(t *testing.T) {
	if got := featureNames[wordingFeature]; got != "wording" {
		t.Fatalf("featureNames[wordingFeature] = %q, want \"wording\"", got)
	}
}
