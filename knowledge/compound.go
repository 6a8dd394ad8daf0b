package knowledge

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Compounds written as one word. People glue two words the cards keep
// apart: "loadbalancer", "circuitbreaker", "refreshtoken", "newsfeed". As
// one word no card knows, such a compound matched nothing, and a question
// made of it ("what is a loadbalancer") was refused with unrelated cards.
// glue splits an unknown word in two when both halves are card words and
// the cards write them side by side, so only the cards' own word pairs
// are ever made; a name that merely happens to split ("mattermost") stays
// whole unless the cards write "matter most".

// cardPairs is the set of adjacent word pairs in the cards' text. The
// build notes each pair's hash as it reads the words (add); the hashes are
// sorted into a set on first use (has), since few questions have a glued
// compound and the build need not pay for it.
type cardPairs struct {
	keys []uint64
	once sync.Once
}

// minCompound is the shortest glued word that is split, and minPart the
// shortest half: shorter ones split into too many pairs by chance.
const (
	minCompound = 6
	minPart     = 3
)

// add notes the pair a b, if both are long enough to be halves.
func (p *cardPairs) add(a, b string) {
	if utf8.RuneCountInString(a) >= minPart && utf8.RuneCountInString(b) >= minPart {
		p.keys = append(p.keys, pairKey(a, b))
	}
}

// has reports whether the pair a b was noted. The build has finished by
// the time anything asks, so keys are no longer added.
func (p *cardPairs) has(a, b string) bool {
	p.once.Do(func() {
		slices.Sort(p.keys)
		// a copy, so the build's longer array (every pair as often as
		// the cards write it) is freed
		p.keys = slices.Clone(slices.Compact(p.keys))
	})
	_, ok := slices.BinarySearch(p.keys, pairKey(a, b))
	return ok
}

// pairKey hashes a pair of words (64-bit FNV-1a of "a b"): the set holds
// about sixty thousand pairs, whose hashes take a fraction of the memory
// of the strings, with no collision to be expected among so few.
func pairKey(a, b string) uint64 {
	const prime = 1099511628211
	h := uint64(14695981039346656037)
	for i := 0; i < len(a); i++ {
		h = (h ^ uint64(a[i])) * prime
	}
	h = (h ^ ' ') * prime
	for i := 0; i < len(b); i++ {
		h = (h ^ uint64(b[i])) * prime
	}
	return h
}

// compoundPair reports whether the cards write a followed by b, and the
// two glued together are no real word of their own (the off-scope lists'
// "burnout" is not burn out).
func (x *Index) compoundPair(a, b string) bool {
	return !x.words.real[a+b] && x.pairs.has(a, b)
}

// splitCompound splits w, a word the cards do not use, into the two card
// words it glues together (pair says the cards write them side by side).
// Of several splits it keeps the one whose rarer half the cards use most.
func splitCompound(w string, freq func(string) int, pair func(a, b string) bool) (string, string, bool) {
	r := []rune(w)
	if len(r) < minCompound || freq(w) > 0 || strings.IndexFunc(w, unicode.IsDigit) >= 0 {
		return "", "", false
	}
	var a, b string
	best := 0
	for k := minPart; k <= len(r)-minPart; k++ {
		l, m := string(r[:k]), string(r[k:])
		n := min(freq(l), freq(m))
		if n > best && pair(l, m) {
			a, b, best = l, m, n
		}
	}
	return a, b, best > 0
}
