package knowledge

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
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

// neverSideBySide reports whether the cards never write a followed by b,
// both long enough to be noted (cardPairs.add): "server less" is then
// the cards' "serverless" written apart, as "elastic search" is
// Elasticsearch.
func (x *Index) neverSideBySide(a, b string) bool {
	return utf8.RuneCountInString(a) >= minPart && utf8.RuneCountInString(b) >= minPart && !x.pairs.has(a, b)
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

// Compounds of stop words. "at-most-once" and "exactly-once" are names of
// things, but every part of them is a stop word ("at", "most", "once") or
// a chat word ("exactly"), so split into words they left a question with
// nothing to search for: "what is exactly-once" had no telling word and
// was refused. A word written with hyphens whose every part is such a
// word is kept as one, its parts glued ("atmostonce"), in the cards and in
// questions alike; a compound with one telling part ("at-least-once",
// "read-your-writes") is split as before.

// stopWords are the ranking analyzer's stop words, loaded as its stop
// filter loads them (bleve's English token map).
var stopWords = func() analysis.TokenMap {
	m, err := en.TokenMapConstructor(nil, nil)
	if err != nil {
		panic(err) // the list is compiled in; it cannot fail to load
	}
	return m
}()

// glueStopCompounds returns text with each compound of stop and chat words
// written as one word.
func glueStopCompounds(text string) string {
	j := strings.IndexByte(text, '-')
	if j < 0 {
		return text
	}
	var out []byte
	done := 0 // text[:done] is in out, or unchanged if out is nil
	for j >= 0 {
		start := j
		for start > 0 {
			r, size := utf8.DecodeLastRuneInString(text[:start])
			if !unicode.IsLetter(r) {
				break
			}
			start -= size
		}
		end := j
		for end < len(text) && text[end] == '-' {
			k := end + 1
			for k < len(text) {
				r, size := utf8.DecodeRuneInString(text[k:])
				if !unicode.IsLetter(r) {
					break
				}
				k += size
			}
			if k == end+1 {
				break
			}
			end = k
		}
		if start < j && end > j+1 && start >= done && stopParts(text[start:end]) {
			if out == nil {
				out = make([]byte, 0, len(text))
			}
			out = append(out, text[done:start]...)
			out = append(out, strings.ReplaceAll(text[start:end], "-", "")...)
			done = end
		}
		from := max(end, j+1)
		next := strings.IndexByte(text[from:], '-')
		if next < 0 {
			break
		}
		j = from + next
	}
	if out == nil {
		return text
	}
	return string(append(out, text[done:]...))
}

// stopParts reports whether every hyphen-separated part of w is a stop
// word or a chat word.
func stopParts(w string) bool {
	for part := range strings.SplitSeq(strings.ToLower(w), "-") {
		if part == "" || telling(part) {
			return false
		}
	}
	return true
}

// A letter, a plus sign and a number written together name a thing: "N+1"
// is the N+1 query problem. Split at the plus sign, as words() splits, it
// was a lone letter and a number, which tell nothing (prepare drops a
// number no card has), so "how to avoid N+1" kept only "avoid" and was
// refused. glueWritten writes it as one word ("Nplus1", lower-cased by
// words() and the analyzers) in the cards and in questions alike. A
// letter inside a word is not one ("2f+1" stays as it is), nor is a sum
// of two numbers, nor a term of a formula: one in brackets or next to
// another operator ("(N+1)/2", "1/(n+1)").
var plusNumber = regexp.MustCompile(`\b[A-Za-z]\+[0-9]+\b`)

// glueWritten is text with its compounds of stop words (glueStopCompounds)
// and its letter-plus-number names (plusNumber) each written as one word.
func glueWritten(text string) string {
	if strings.IndexByte(text, '+') >= 0 {
		text = gluePlusNumbers(text)
	}
	return glueStopCompounds(text)
}

// gluePlusNumbers writes each letter-plus-number name in text as one word,
// the plus sign spelt out: "N+1" is "Nplus1".
func gluePlusNumbers(text string) string {
	var b strings.Builder
	done := 0
	for _, m := range plusNumber.FindAllStringIndex(text, -1) {
		if m[0] > 0 && strings.IndexByte("(/*-=^", text[m[0]-1]) >= 0 ||
			m[1] < len(text) && strings.IndexByte(")/*-=^", text[m[1]]) >= 0 {
			continue
		}
		b.WriteString(text[done:m[0]])
		b.WriteString(text[m[0] : m[0]+1])
		b.WriteString("plus")
		b.WriteString(text[m[0]+2 : m[1]])
		done = m[1]
	}
	if done == 0 {
		return text
	}
	b.WriteString(text[done:])
	return b.String()
}

// glueAll is glueWritten of each of texts, in place.
func glueAll(texts []string) []string {
	for i, t := range texts {
		texts[i] = glueWritten(t)
	}
	return texts
}

// telling reports whether w can tell a question's topic: it is no stop
// word or chat word.
func telling(w string) bool { return !stopWords[w] && !chatWords[w] }

// glueStopRuns glues each run of two or three stop and chat words that,
// written as one word, keep says to keep (see glueStopCompounds): "what
// is exactly once" asks about "exactlyonce", written without its hyphen.
// In a question made only of such words, prepare keeps any the cards
// write; with other words around the run, only one that names a card
// (stopNames): "one way" rarely means one-way there ("one way to shard
// it"), but "exactly once delivery" is about exactly-once, an alias of
// a card, and split it left "delivery" alone to find the food-delivery
// case study.
func glueStopRuns(toks []string, keep func(string) bool) []string {
	out := make([]string, 0, len(toks))
	for i := 0; i < len(toks); i++ {
		glued := false
		for n := min(3, len(toks)-i); n >= 2; n-- {
			if slices.ContainsFunc(toks[i:i+n], telling) {
				continue
			}
			if w := strings.Join(toks[i:i+n], ""); keep(w) {
				out = append(out, w)
				i += n - 1
				glued = true
				break
			}
		}
		if !glued {
			out = append(out, toks[i])
		}
	}
	return out
}

// stopNames returns the compounds of stop and chat words (see
// glueStopCompounds) in names, glued and lower-case: "exactlyonce" for a
// card with the alias "exactly-once".
func stopNames(names []string) []string {
	var out []string
	for _, name := range names {
		for _, w := range strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return r != '-' && !isWordRune(r) }) {
			if strings.Contains(w, "-") && stopParts(w) {
				out = append(out, strings.ReplaceAll(w, "-", ""))
			}
		}
	}
	return out
}
