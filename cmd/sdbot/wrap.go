package main

import "github.com/sdbot/sdbot/adapters/console"

// termWidth is the width command-line output is wrapped to, so it fits an
// 80-column terminal.
const termWidth = 80

// wrap breaks text into lines that end by column termWidth; see
// console.WrapWords.
func wrap(text string, start int, indent string) string {
	return console.WrapWords(text, start, termWidth, indent)
}
