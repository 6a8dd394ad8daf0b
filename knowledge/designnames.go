package knowledge

import (
	"strings"
	"sync"
	"unicode"
)

// Names shared by designs. A design prompt that no case study answers
// ("design google calendar") is refused with the designs nearest to it,
// and for that prompt the nearest by its words were the Google Docs and
// Google Maps case studies: they share the company's name and nothing of
// what is to be designed. A name that two or more designs carry (in a
// design card's id, title or aliases) and that the cards write as a proper
// name is a company's, not a kind of system: "google", "amazon",
// "cassandra". A card that shares only such names with a refused prompt, a
// design or a building block (the Google File System, Google
// Authenticator), is not offered as near it (Result.ByNameOnly). A name
// that one design alone carries ("instagram") names that design, so
// sharing it still makes the design near.

// minCapitals is how often the cards must write a word capitalised in the
// middle of a sentence, and capitalsRatio how many times as often as in
// lower case, for it to count as a proper name.
const (
	minCapitals   = 3
	capitalsRatio = 4
)

// sharedNames is the set of names shared by designs, found on first use:
// few questions are refused design prompts.
type sharedNames struct {
	once  sync.Once
	stems map[string]bool
}

// designNames returns the stems of the names two or more designs share.
func (x *Index) designNames() map[string]bool {
	x.shared.once.Do(func() {
		designs := map[string]int{}
		for _, c := range x.set.cards {
			if !c.CaseStudy() && !c.DesignTitled() {
				continue
			}
			for stem := range x.nameStems[c.ID] {
				designs[stem]++
			}
		}
		// the cards' prose as the index reads it: no code, headings,
		// links or emphasis
		upper, lower := map[string]int{}, map[string]int{}
		for _, c := range x.set.cards {
			midSentenceCase(plainText(c.Body), upper, lower)
		}
		x.shared.stems = map[string]bool{}
		for w, n := range upper {
			if n < minCapitals || n < capitalsRatio*lower[w] {
				continue
			}
			if stem := x.stemWord(w); stem != "" && designs[stem] >= 2 {
				x.shared.stems[stem] = true
			}
		}
	})
	return x.shared.stems
}

// midSentenceCase counts, for each word that follows another word in
// text (not the first of a sentence, a line of a list, a heading or a
// clause in parentheses), how often it is written capitalised and how
// often in lower case, under its lower-case form.
func midSentenceCase(text string, upper, lower map[string]int) {
	prevWord := false // the previous token was a word, or a word and a comma
	for _, tok := range strings.Fields(text) {
		w := strings.TrimFunc(tok, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		letters := w != "" && strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }) < 0
		if prevWord && letters && !strings.HasPrefix(tok, "(") {
			first := []rune(w)[0]
			rest := w[len(string(first)):]
			switch {
			case unicode.IsUpper(first) && rest == strings.ToLower(rest):
				upper[strings.ToLower(w)]++
			case unicode.IsLower(first):
				lower[w]++
			}
		}
		// a sentence starts after these; a list item's or a heading's
		// mark ("-", "##") is no word
		end := strings.TrimRight(tok, `"')*_`)
		prevWord = letters && !strings.HasSuffix(end, ".") && !strings.HasSuffix(end, ":") &&
			!strings.HasSuffix(end, "?") && !strings.HasSuffix(end, "!")
	}
}

// markByName sets Result.byName on the results that share with the
// question only names that several designs share.
func (x *Index) markByName(p prepared, results []Result) {
	names := x.designNames()
	for i := range results {
		c := results[i].Card
		shared, other := false, false
		for _, t := range p.terms {
			if x.termMatch(c.ID, t, p) == 0 {
				continue
			}
			if names[t.stem] {
				shared = true
			} else {
				other = true
			}
		}
		results[i].byName = shared && !other
	}
}
