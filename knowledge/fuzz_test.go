package knowledge

import (
	"strings"
	"testing"
)

// FuzzParseCard throws arbitrary bytes at the card parser and validator:
// they must never panic, and every error must name the file.
func FuzzParseCard(f *testing.F) {
	f.Add([]byte(validCard("test-topic")))
	f.Add([]byte("---\nid: x\n---\n"))
	f.Add([]byte("---\n---\n## How it works\n```\nunclosed"))
	f.Add([]byte("---\nquiz: [{answer: 9, choices: []}]\n---\n"))
	f.Add([]byte("\ufeff---\r\nid: a\r\n---\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := parseCard("databases/fuzz.md", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "databases/fuzz.md: ") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		for _, e := range c.Validate() {
			if !strings.HasPrefix(e.Error(), "databases/fuzz.md: ") {
				t.Fatalf("problem does not name the file: %v", e)
			}
		}
		c.KeyPoints()
		bodyWords(c.Body)
	})
}
