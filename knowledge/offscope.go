package knowledge

import (
	_ "embed"
	"fmt"

	"gopkg.in/yaml.v3"
)

// Off-scope vocabulary. Lexical signals cannot tell "how do I reset the
// circuit breaker in my kitchen" from a question about circuit breakers:
// every word the card has is matched. What gives it away is a word from
// another walk of life that the card lacks. offscope.yaml lists the
// vocabulary of everyday domains (money, home, food, sport, politics ...)
// and of programming work that no card covers (CSS, git, build tools,
// editors); the answer decision weighs the share of a question's words
// that are in those lists and missing from the best card. The lists were
// written from general knowledge, not from evaluation questions.

//go:embed offscope.yaml
var offscopeYAML []byte

// loadOffscope parses the lists into the set of their stems and the set
// of their words (the words are real words, which spelling correction
// must leave alone: "theme" is not a typo of "them").
func loadOffscope(stem func(string) string, data []byte) (stems, plain map[string]bool, err error) {
	var file struct {
		Domains []struct {
			Name  string   `yaml:"name"`
			Words []string `yaml:"words"`
		} `yaml:"domains"`
	}
	if err := yaml.Unmarshal(data, &file); err != nil {
		return nil, nil, fmt.Errorf("off-scope vocabulary: %w", err)
	}
	stems, plain = map[string]bool{}, map[string]bool{}
	for _, d := range file.Domains {
		if d.Name == "" || len(d.Words) == 0 {
			return nil, nil, fmt.Errorf("off-scope vocabulary: a domain needs a name and words")
		}
		for _, w := range d.Words {
			for _, part := range words(w) {
				plain[part] = true
				if s := stem(part); s != "" {
					stems[s] = true
				}
			}
		}
	}
	return stems, plain, nil
}
