package knowledge

import (
	"sort"
	"strings"
)

// Complete returns up to n cards whose id, title or alias matches what the
// user has typed so far: whole-name prefixes first, then word prefixes,
// then substrings, then near misses (one or two typos). It scans the cards
// in memory, which for a few thousand cards takes well under a millisecond.
func (x *Index) Complete(prefix string, n int) []*Card {
	return complete(x.set, prefix, n)
}

func complete(set *Set, prefix string, n int) []*Card {
	p := strings.ToLower(strings.Join(strings.Fields(prefix), " "))
	if n <= 0 {
		n = 25
	}
	type scored struct {
		c     *Card
		score int
	}
	var hits []scored
	for _, c := range set.Cards() {
		if p == "" {
			hits = append(hits, scored{c, 0})
			continue
		}
		best := 0
		for _, name := range append([]string{c.ID, c.Title}, c.Aliases...) {
			best = max(best, nameScore(strings.ToLower(name), p))
		}
		if best > 0 {
			hits = append(hits, scored{c, best})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].score != hits[j].score {
			return hits[i].score > hits[j].score
		}
		return hits[i].c.ID < hits[j].c.ID
	})
	out := make([]*Card, 0, min(n, len(hits)))
	for _, h := range hits[:min(n, len(hits))] {
		out = append(out, h.c)
	}
	return out
}

// nameScore rates how well typed text p matches one name.
func nameScore(name, p string) int {
	dashless := strings.ReplaceAll(name, "-", " ")
	switch {
	case name == p || dashless == p:
		return 100
	case strings.HasPrefix(name, p) || strings.HasPrefix(dashless, p):
		return 80
	}
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return r == ' ' || r == '-' || r == '(' || r == ')' || r == '/' }) {
		if strings.HasPrefix(w, p) {
			return 60
		}
	}
	if strings.Contains(name, p) || strings.Contains(dashless, p) {
		return 40
	}
	if len(p) >= 4 {
		limit := 1
		if len(p) >= 7 {
			limit = 2
		}
		// Compare the typed text with the name's start of about the same
		// length, so a typo in a prefix still finds the name.
		pr, nr := []rune(strings.ReplaceAll(p, "-", " ")), []rune(dashless)
		best := limit + 1
		for n := len(pr) - 1; n <= len(pr)+1; n++ {
			if n > 0 && n <= len(nr) {
				best = min(best, editDistance(pr, nr[:n], limit))
			}
		}
		if best <= limit {
			return 20 - best
		}
	}
	return 0
}
