package knowledge

// vocabulary corrects misspelled query words to words the cards use. Words
// are grouped by length and screened by letter counts before the edit
// distance is computed, which keeps a lookup well under a millisecond.
type vocabulary struct {
	freq  map[string]int
	byLen map[int][]vocabWord
}

type vocabWord struct {
	word string
	bag  [27]uint8 // letter counts, a-z and everything else
}

func newVocabulary(freq map[string]int) *vocabulary {
	v := &vocabulary{freq: freq, byLen: map[int][]vocabWord{}}
	for w := range freq {
		n := len([]rune(w))
		if n < 3 {
			continue
		}
		v.byLen[n] = append(v.byLen[n], vocabWord{word: w, bag: letterBag(w)})
	}
	return v
}

// has reports whether the cards use the word.
func (v *vocabulary) has(w string) bool { return v.freq[w] > 0 }

// correct returns the most used word within the allowed edit distance of w
// (1 for words of five to seven letters, 2 for longer ones; in words of
// up to six letters a substitution does not count as a typo), or "".
func (v *vocabulary) correct(w string) string {
	r := []rune(w)
	if len(r) < 5 || v.has(w) {
		return ""
	}
	maxDist := 1
	if len(r) >= 8 {
		maxDist = 2
	}
	bag := letterBag(w)
	best, bestDist, bestFreq := "", maxDist+1, 0
	for n := len(r) - maxDist; n <= len(r)+maxDist; n++ {
		for _, cand := range v.byLen[n] {
			bd := bagDistance(bag, cand.bag)
			if bd > maxDist {
				continue
			}
			// In short words a one-letter substitution usually makes
			// another real word ("mount", "count"), so only dropped,
			// doubled and swapped letters are corrected there; and people
			// rarely mistype a short word's first letter, while changing
			// it turns real words into others ("bread", "read").
			if len(r) <= 6 && n == len(r) && bd != 0 {
				continue
			}
			if len(r) <= 7 && []rune(cand.word)[0] != r[0] {
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
