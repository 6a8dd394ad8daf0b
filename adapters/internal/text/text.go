// Package text cuts reply text to a platform's limits. Each platform
// counts length its own way (Discord in UTF-16 code units, Slack in
// characters), so every function takes that count as a Measure.
package text

import (
	"strings"
	"unicode"
	"unicode/utf16"
)

// Measure is how long one rune counts on a platform.
type Measure func(r rune) int

// Runes counts each rune as one (Slack).
func Runes(rune) int { return 1 }

// UTF16 counts UTF-16 code units (Discord), never fewer than Discord
// counts, so a rendered reply never draws a 400.
func UTF16(r rune) int { return utf16.RuneLen(r) }

// Len is the length of s as m counts it.
func Len(s string, m Measure) int {
	n := 0
	for _, r := range s {
		n += m(r)
	}
	return n
}

// Head returns the longest prefix of s that is at most n long, cut on a
// rune boundary.
func Head(s string, n int, m Measure) string {
	used := 0
	for i, r := range s {
		used += m(r)
		if used > n {
			return s[:i]
		}
	}
	return s
}

// Clip shortens s to at most n, marking the cut with an ellipsis. It cuts
// at a space when one falls in the second half, so words stay whole.
func Clip(s string, n int, m Measure) string {
	if Len(s, m) <= n {
		return s
	}
	if n <= 0 {
		return ""
	}
	h := Head(s, n-1, m)
	if i := strings.LastIndex(h, " "); i > len(h)/2 {
		h = h[:i]
	}
	return strings.TrimRightFunc(h, unicode.IsSpace) + "…"
}

// Split breaks s into pieces of at most n (n >= 2), at line breaks where
// it can, else at spaces, so Markdown lines and words stay whole.
func Split(s string, n int, m Measure) []string {
	var out []string
	s = strings.TrimSpace(s)
	for s != "" {
		if Len(s, m) <= n {
			out = append(out, s)
			break
		}
		h := Head(s, n, m)
		i := strings.LastIndex(h, "\n")
		if i <= 0 {
			i = strings.LastIndexAny(h, " \t")
		}
		if i <= 0 {
			i = len(h)
		}
		if i == 0 { // a first rune wider than n; cannot happen for n >= 2
			break
		}
		if p := strings.TrimRightFunc(s[:i], unicode.IsSpace); p != "" {
			out = append(out, p)
		}
		s = strings.TrimLeftFunc(s[i:], unicode.IsSpace)
	}
	return out
}
