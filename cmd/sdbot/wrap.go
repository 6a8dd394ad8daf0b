package main

import "strings"

// termWidth is the width command-line output is wrapped to, so it fits an
// 80-column terminal.
const termWidth = 80

// wrap breaks text at spaces into lines that end by column termWidth: the
// first word starts at column start (after whatever the caller already
// wrote on that line), and every further line starts with indent. A word
// longer than a line is left whole.
func wrap(text string, start int, indent string) string {
	var b strings.Builder
	col := start
	for i, word := range strings.Fields(text) {
		n := len([]rune(word))
		switch {
		case i == 0:
		case col+1+n > termWidth:
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
