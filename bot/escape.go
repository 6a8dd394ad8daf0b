package bot

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxQuoted bounds how much of the user's text a reply quotes back.
const maxQuoted = 80

// markdownChars are the characters that can make Markdown (or a Slack or
// Discord mention, link or spoiler) out of text inside a line.
const markdownChars = "\\`*_~[]()<>|@"

// literal escapes Markdown in text a user typed, so a reply shows it as
// typed: "[click me](!channel)" must not become a Slack mention or a
// Discord link, nor "*x*" bold. It uses backslash escapes, which
// Discord's Markdown reads and the adapters translate; line breaks and
// other control characters become spaces so a quote stays on its line.
func literal(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case strings.ContainsRune(markdownChars, r):
			b.WriteByte('\\')
			b.WriteRune(r)
		case unicode.IsControl(r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// quote shows a piece of the user's text in a reply: in quotes, escaped,
// and cut short with "…" when long.
func quote(s string) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > maxQuoted {
		s = string([]rune(s)[:maxQuoted-1]) + "…"
	}
	return `"` + literal(s) + `"`
}
