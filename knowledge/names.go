package knowledge

import (
	"slices"
	"strings"
)

// Names that the stems of a short question cannot meet as namedCards
// first looks for them. A case study's title is a prompt ("Design a maps
// service"), while the prompt's shape takes the framing out of a question
// ("design a maps app" asks about maps) and leaves "map", which the
// MapReduce card has far more of; and a name of hyphenated words with a
// stop word among them ("read-through", "OR-Set") has one stem left, too
// common to name the card ("read" finds read replicas).

// nameHead is a card name without its gloss: the part after a colon, or
// in brackets, explains the name ("Design a parking lot (object-oriented
// design interviews)").
func nameHead(name string) string {
	head := strings.SplitN(name, ":", 2)[0]
	if i := strings.Index(head, " ("); i > 0 {
		head = head[:i]
	}
	return strings.TrimSpace(head)
}

// promptNames reads each case study's names as design prompts: the stems
// of the topic the prompt's shape leaves ("Design a maps service": map),
// joined by spaces, mapped to the cards named so. A name that ends in
// "design" ("blob store design") is read as the prompt it says ("design
// blob store").
func (x *Index) promptNames() map[string][]string {
	out := map[string][]string{}
	for _, c := range x.set.Cards() {
		if !c.CaseStudy() {
			continue
		}
		for _, name := range append([]string{c.Title}, c.Aliases...) {
			head := nameHead(name)
			if rest, ok := strings.CutSuffix(strings.ToLower(head), " design"); ok {
				head = "design " + rest
			}
			p := x.prepare(head)
			if !p.design || !p.prompt {
				continue
			}
			if key := strings.Join(x.stems(p.text), " "); key != "" && !slices.Contains(out[key], c.ID) {
				out[key] = append(out[key], c.ID)
			}
		}
	}
	return out
}

// hyphenName is a card's name of hyphenated words with a stop word among
// them, as its words joined by spaces ("read through").
type hyphenName struct {
	words string
	id    string
}

// hyphenNames maps the one stem left of each name of hyphenated words
// with a stop word among them ("read-through": read) to those names.
// Such a name is no key of named (one stem is too little to name a
// card), but a question that writes it out names its card.
func (x *Index) hyphenNames() map[string][]hyphenName {
	out := map[string][]hyphenName{}
	for _, c := range x.set.Cards() {
		for _, name := range append([]string{c.Title}, c.Aliases...) {
			head := nameHead(name)
			ws := words(head)
			if !strings.Contains(head, "-") || len(ws) < 2 || !slices.ContainsFunc(ws, func(w string) bool { return stopWords[w] }) {
				continue
			}
			if st := x.stems(head); len(st) == 1 {
				out[st[0]] = append(out[st[0]], hyphenName{words: strings.Join(ws, " "), id: c.ID})
			}
		}
	}
	return out
}

// hyphenNamed returns the cards whose hyphenated names (hyphenNames) the
// question writes out, when its stems are that name's one stem: "what is
// read-through?", but not "read replicas".
func (x *Index) hyphenNamed(p prepared, stems []string) []string {
	if len(stems) != 1 || len(x.hyphenated[stems[0]]) == 0 {
		return nil
	}
	var ids []string
	q := " " + strings.Join(words(p.raw), " ") + " "
	for _, n := range x.hyphenated[stems[0]] {
		if strings.Contains(q, " "+n.words+" ") && !slices.Contains(ids, n.id) {
			ids = append(ids, n.id)
		}
	}
	return ids
}
