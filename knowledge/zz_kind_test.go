package knowledge

import (
	"context"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
)

func zzKind(src string) string {
	switch {
	case regexp.MustCompile(`github\.com/[^/]+/[^/]+/(issues|discussions|pull)/|^[\w.-]+/[\w.-]+#\d+`).MatchString(src):
		return "gh-issue"
	case regexp.MustCompile(`stackoverflow|stackexchange|serverfault|superuser|askubuntu|quora|reddit|ycombinator|lobste|discourse|forum|community\.|discuss\.|groups\.google|teamblind|dev\.to`).MatchString(src):
		return "qa-forum"
	case regexp.MustCompile(`(?i)interview|glassdoor|leetcode\.com/discuss|prachub`).MatchString(src):
		return "interview"
	default:
		return "course-notes-other"
	}
}

func TestZZKind(t *testing.T) {
	x := shippedIndex(t)
	files, _ := filepath.Glob("testdata/eval/real-check-*.yaml")
	type agg struct{ on, top1, top3, aref, off, oref int }
	by := map[string]*agg{}
	for _, f := range files {
		items, _ := readEval(t, f)
		for _, it := range items {
			k := zzKind(it.Source)
			g := by[k]
			if g == nil {
				g = &agg{}
				by[k] = g
			}
			a, _ := x.Answer(context.Background(), it.Q)
			if len(it.Expect) == 0 {
				g.off++
				if !a.Answered {
					g.oref++
				}
				continue
			}
			g.on++
			if !a.Answered {
				g.aref++
			}
			for i, r := range a.Results[:min(3, len(a.Results))] {
				if slices.Contains(it.Expect, r.Card.ID) {
					if i == 0 {
						g.top1++
					}
					g.top3++
					break
				}
			}
		}
	}
	for k, g := range by {
		t.Logf("%-20s on=%4d off=%4d  %.3f / %.3f / %.3f / %.3f", k, g.on, g.off, ratio(g.top1, g.on), ratio(g.top3, g.on), ratio(g.oref, g.off), ratio(g.aref, g.on))
	}
}
