package knowledge

import (
	_ "embed"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// Everyday phrasings. People who need a card often do not know its name
// and describe their situation instead: "a customer was billed twice after
// a retry" needs the idempotency card, which says "idempotency key". The
// shipped cards' phrasings live beside them in phrases.yaml, a list per
// card id of the symptoms, goals and colleague words that mean the topic.
// They are searched like the card's own questions. They were written from
// the cards and general knowledge, not from evaluation questions.

//go:embed phrases.yaml
var phrasesYAML []byte

// maxPhraseWords bounds a phrasing: it names a situation, it is no essay.
const maxPhraseWords = 8

// loadPhrases parses phrases.yaml into card id -> phrasings. A phrasing
// that is empty, too long or listed twice is an error that names it.
func loadPhrases(data []byte) (map[string][]string, error) {
	var file map[string][]string
	if err := yaml.Unmarshal(data, &file); err != nil {
		return nil, fmt.Errorf("phrasings: %w", err)
	}
	owner := map[string]string{}
	for id, list := range file {
		for _, p := range list {
			n := len(strings.Fields(p))
			switch {
			case n == 0:
				return nil, fmt.Errorf("phrasings of %s: an empty one", id)
			case n > maxPhraseWords:
				return nil, fmt.Errorf("phrasings of %s: %q has more than %d words", id, p, maxPhraseWords)
			case owner[p] != "":
				return nil, fmt.Errorf("phrasings: %q is listed for %s and %s", p, owner[p], id)
			}
			owner[p] = id
		}
	}
	return file, nil
}
