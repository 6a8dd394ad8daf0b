package main

import "strings"

// termWidth is the width command-line output is wrapped to, so it fits an
// 80-column terminal.
const termWidth = 80

// wrap breaks text into lines of at most width columns at spaces; each
// line after the first starts with indent. A word longer than a line is
// left whole.
func wrap(text string, width int, indent string) string {
	var b strings.Builder
	col := 0
	for i, word := range strings.Fields(text) {
		n := len([]rune(word))
		switch {
		case i == 0:
		case col+1+n > width:
			b.WriteString("\n" + indent)
			col = len(indent)
		default:
			b.WriteByte(' ')
			col++
		}
		b.WriteString(word)
		col += n
	}
	return b.String()
}
