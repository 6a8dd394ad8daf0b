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
	return complete(x.set, x.names, prefix, n)
}

// cardNames returns, per card id, the lower-case names a user may type:
// id, title and aliases.
func cardNames(set *Set) map[string][]string {
	names := make(map[string][]string, set.Len())
	for _, c := range set.Cards() {
		for _, name := range append([]string{c.ID, c.Title}, c.Aliases...) {
			names[c.ID] = append(names[c.ID], strings.ToLower(name))
		}
	}
	return names
}

func complete(set *Set, names map[string][]string, prefix string, n int) []*Card {
	p := strings.ToLower(strings.Join(strings.Fields(prefix), " "))
	if n <= 0 {
		n = 25
	}
	type scored struct {
		c     *Card
		score int
	}
	var hits []scored
	var missed []*Card
	for _, c := range set.Cards() {
		if p == "" {
			hits = append(hits, scored{c, 0})
			continue
		}
		best := 0
		for _, name := range names[c.ID] {
			best = max(best, nameScore(name, p))
		}
		if best > 0 {
			hits = append(hits, scored{c, best})
		} else {
			missed = append(missed, c)
		}
	}
	// Typo tolerance costs edit distances, so it runs only when the exact
	// matches leave room.
	if len(hits) < n && len([]rune(p)) >= 4 {
		for _, c := range missed {
			best := 0
			for _, name := range names[c.ID] {
				best = max(best, fuzzyNameScore(name, p))
			}
			if best > 0 {
				hits = append(hits, scored{c, best})
			}
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
	return 0
}

// fuzzyNameScore rates a near miss: the typed text within one or two edits
// of the start of the name.
func fuzzyNameScore(name, p string) int {
	limit := 1
	if len(p) >= 7 {
		limit = 2
	}
	pr := []rune(strings.ReplaceAll(p, "-", " "))
	nr := []rune(strings.ReplaceAll(name, "-", " "))
	// As in spelling correction, short text keeps its first letter: "nope"
	// is not a typo of "open files".
	if len(pr) < 7 && (len(nr) == 0 || pr[0] != nr[0]) {
		return 0
	}
	if d := prefixDistance(pr, nr, limit); d <= limit {
		return 20 - d
	}
	return 0
}
