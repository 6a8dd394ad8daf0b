package knowledge

import (
	"slices"
	"strings"
)

// vocabulary corrects misspelled query words to words the cards use. Words
// are grouped by length (and, for the short words whose first letter must
// match, by first letter) and screened by letter counts before the edit
// distance is computed, which keeps a lookup well under a millisecond.
type vocabulary struct {
	freq    map[string]int
	byLen   map[int][]vocabWord
	byFirst map[lenFirst][]vocabWord
	// real are words no card uses that are nonetheless real words (the
	// off-scope lists): no typo of a card word, whatever is one edit away
	// ("theme" is not "them", "printer" not "pointer").
	real map[string]bool
}

type lenFirst struct {
	n     int
	first rune
}

type vocabWord struct {
	word string
	bag  [27]uint8 // letter counts, a-z and everything else
}

func newVocabulary(freq map[string]int, real map[string]bool) *vocabulary {
	v := &vocabulary{freq: freq, real: real, byLen: map[int][]vocabWord{}, byFirst: map[lenFirst][]vocabWord{}}
	for w := range freq {
		r := []rune(w)
		if len(r) < 3 {
			continue
		}
		vw := vocabWord{word: w, bag: letterBag(w)}
		v.byLen[len(r)] = append(v.byLen[len(r)], vw)
		v.byFirst[lenFirst{len(r), r[0]}] = append(v.byFirst[lenFirst{len(r), r[0]}], vw)
	}
	return v
}

// has reports whether the cards use the word.
func (v *vocabulary) has(w string) bool { return v.freq[w] > 0 }

// count is how many times the cards use the word.
func (v *vocabulary) count(w string) int { return v.freq[w] }

// correct returns the most used word within the allowed edit distance of w
// (1 for words of five to nine letters, 2 for longer ones; in words of
// up to six letters a substitution does not count as a typo, and words of
// up to seven keep their first letter), or "".
func (v *vocabulary) correct(w string) string {
	r := []rune(w)
	if len(r) < 5 || v.has(w) {
		return ""
	}
	maxDist := 1
	if len(r) >= 10 {
		maxDist = 2
	}
	bag := letterBag(w)
	best, bestDist, bestFreq := "", maxDist+1, 0
	for n := len(r) - maxDist; n <= len(r)+maxDist; n++ {
		// People rarely mistype a short word's first letter, while
		// changing it turns real words into others ("bread", "read"):
		// words of up to seven letters keep theirs.
		cands := v.byLen[n]
		if len(r) <= 7 {
			cands = v.byFirst[lenFirst{n, r[0]}]
		}
		for _, cand := range cands {
			bd := bagDistance(bag, cand.bag)
			if bd > maxDist {
				continue
			}
			// In short words a one-letter substitution usually makes
			// another real word ("mount", "count"), so only dropped,
			// doubled and swapped letters are corrected there.
			if len(r) <= 6 && n == len(r) && bd != 0 {
				continue
			}
			d := editDistance(r, []rune(cand.word), maxDist)
			if d > maxDist {
				continue
			}
			f := v.freq[cand.word]
			if d < bestDist || (d == bestDist && (f > bestFreq || (f == bestFreq && cand.word < best))) {
				best, bestDist, bestFreq = cand.word, d, f
			}
		}
	}
	return best
}

func letterBag(w string) [27]uint8 {
	var b [27]uint8
	for _, r := range w {
		i := 26
		if r >= 'a' && r <= 'z' {
			i = int(r - 'a')
		}
		if b[i] < 255 {
			b[i]++
		}
	}
	return b
}

// bagDistance is a lower bound of the edit distance: the larger of the
// letters one word has that the other lacks, either way round.
func bagDistance(a, b [27]uint8) int {
	more, less := 0, 0
	for i := range a {
		if a[i] > b[i] {
			more += int(a[i] - b[i])
		} else {
			less += int(b[i] - a[i])
		}
	}
	return max(more, less)
}

// editDistance is the optimal string alignment distance (Levenshtein plus
// adjacent transpositions), giving up early once it exceeds limit.
func editDistance(a, b []rune, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	row := osaLastRow(a, b, limit)
	if row == nil {
		return limit + 1
	}
	return row[len(b)]
}

// oneEdit is the optimal string alignment distance of a and b when it is
// 0 or 1, and 2 for anything more, without the table editDistance fills.
func oneEdit(a, b []rune) int {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(b)-len(a) > 1 {
		return 2
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	switch {
	case i == len(a) && len(a) == len(b):
		return 0
	case len(a) < len(b): // one letter inserted at i
		if slices.Equal(a[i:], b[i+1:]) {
			return 1
		}
	case slices.Equal(a[i+1:], b[i+1:]): // one letter replaced at i
		return 1
	case i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && slices.Equal(a[i+2:], b[i+2:]): // swapped
		return 1
	}
	return 2
}

// prefixDistance is the smallest edit distance between a and any prefix of
// b, giving up once it exceeds limit: how far typed text is from the start
// of a name.
func prefixDistance(a, b []rune, limit int) int {
	if len(b) > len(a)+limit {
		b = b[:len(a)+limit]
	}
	row := osaLastRow(a, b, limit)
	best := limit + 1
	for j := max(0, len(a)-limit); row != nil && j <= len(b); j++ {
		best = min(best, row[j])
	}
	return best
}

// osaLastRow fills the optimal-string-alignment table of a against b row
// by row and returns its last row: the distances from all of a to each
// prefix of b. It returns nil once every entry of a row exceeds limit,
// since no later row can then come back under it.
func osaLastRow(a, b []rune, limit int) []int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > limit {
			return nil
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev
}

// normalize returns the card word an unknown word stands for, and whether
// it was a typo: a real word stands for nothing, an inflection of a card
// word ("tried") for that word, and a typo for its correction. It returns
// "" when the word is none of these.
func (v *vocabulary) normalize(w string) (string, bool) {
	if v.real[w] {
		return "", false
	}
	c := v.correct(w)
	if c == "" {
		return "", false
	}
	if b := v.base(w); b != "" {
		return b, false
	}
	return c, true
}

// inflections are the regular endings base undoes: the ending and what
// stands in its place.
var inflections = []struct{ end, repl string }{
	{"ied", "y"}, {"ies", "y"}, {"ing", ""}, {"ing", "e"}, {"ed", ""},
	{"ed", "e"}, {"es", ""}, {"s", ""},
}

// base returns the word the cards use that w is a regular inflection of
// ("tried" of "try", "caching" of "cache", "stopped" of "stop"), or "".
// Such a word is no typo: corrected to the nearest word the cards use it
// became another word ("tried" became "trie" and pulled the trie card
// into every question someone had tried something in).
func (v *vocabulary) base(w string) string {
	for _, r := range inflections {
		stem, ok := strings.CutSuffix(w, r.end)
		if !ok || len(stem) < 2 {
			continue
		}
		if b := stem + r.repl; v.has(b) {
			return b
		}
		// A doubled last consonant: "stopped", "shipping".
		if r.repl == "" && len(stem) > 2 && stem[len(stem)-1] == stem[len(stem)-2] && v.has(stem[:len(stem)-1]) {
			return stem[:len(stem)-1]
		}
	}
	return ""
}
