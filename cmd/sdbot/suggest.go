package main

import "strings"

// closest returns the candidates nearest to word: those one or two edits
// away (fewer for short words), or that word is a prefix of, ignoring case
// and the difference between - and _. It is how a misspelt command or
// config key gets a "did you mean".
func closest(word string, candidates []string) []string {
	norm := func(s string) string { return strings.ReplaceAll(strings.ToLower(s), "-", "_") }
	w := norm(word)
	if w == "" {
		return nil
	}
	limit := 2
	if len([]rune(w)) <= 4 {
		limit = 1
	}
	best, bestDist := []string(nil), limit+1
	for _, c := range candidates {
		n := norm(c)
		d := editDistance(w, n)
		if d > 0 && len(w) >= 3 && (strings.HasPrefix(n, w) || strings.HasPrefix(w, n)) {
			d = min(d, 1)
		}
		switch {
		case d > limit:
		case d < bestDist:
			best, bestDist = []string{c}, d
		case d == bestDist:
			best = append(best, c)
		}
	}
	return best
}

// editDistance is the optimal string alignment distance: insertions,
// deletions, substitutions and swaps of neighbours each cost one.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	rows := make([][]int, len(ra)+1)
	for i := range rows {
		rows[i] = make([]int, len(rb)+1)
		rows[i][0] = i
	}
	for j := range rows[0] {
		rows[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			rows[i][j] = min(rows[i-1][j]+1, rows[i][j-1]+1, rows[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				rows[i][j] = min(rows[i][j], rows[i-2][j-2]+1)
			}
		}
	}
	return rows[len(ra)][len(rb)]
}

// orList joins choices for a message: "a", "a or b", "a, b or c".
func orList(choices []string) string {
	switch len(choices) {
	case 0:
		return ""
	case 1:
		return choices[0]
	}
	return strings.Join(choices[:len(choices)-1], ", ") + " or " + choices[len(choices)-1]
}
