package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/sdbot/sdbot/knowledge"
)

// Report is what curators read to improve the cards: the questions the
// bot could not answer, grouped so one missing card shows as one line,
// and the cards people voted down.
type Report struct {
	Since time.Time `json:"since"`
	Until time.Time `json:"until"`
	// Unanswered counts the questions with no good answer in the window.
	Unanswered int             `json:"unanswered"`
	Groups     []QuestionGroup `json:"groups"`
	// Votes counts the votes cast or changed in the window.
	Votes int `json:"votes"`
	// Cards are the cards with at least one 👎, most 👎 first.
	Cards []CardVotes `json:"cards"`
}

// QuestionGroup is unanswered questions that look alike: the same words,
// mostly, or the same closest card and some words in common.
type QuestionGroup struct {
	Count int `json:"count"`
	// ClosestCard is the card most of the group's questions came nearest.
	ClosestCard string `json:"closest_card,omitempty"`
	// Examples are the group's questions, most asked first; none when the
	// text is no longer kept.
	Examples []Example `json:"examples"`
	Last     time.Time `json:"last"`
}

// Example is one question as asked, and how often it was asked.
type Example struct {
	Text  string `json:"text"`
	Count int    `json:"count"`
}

// CardVotes counts one card's votes.
type CardVotes struct {
	CardID string `json:"card"`
	Title  string `json:"title,omitempty"`
	Down   int    `json:"down"`
	Up     int    `json:"up"`
}

// maxExamples bounds the examples shown per group.
const maxExamples = 3

// maxExampleLen bounds an example's length in characters.
const maxExampleLen = 120

// BuildReport reads the feedback in [since, until] from the store. set
// gives the cards' titles; a card no longer in it is still counted.
func BuildReport(ctx context.Context, st Store, set *knowledge.Set, since, until time.Time) (Report, error) {
	r := Report{Since: since, Until: until, Groups: []QuestionGroup{}, Cards: []CardVotes{}}
	asked, err := st.UnansweredSince(ctx, since)
	if err != nil {
		return r, fmt.Errorf("read unanswered questions: %w", err)
	}
	votes, err := st.Votes(ctx, since)
	if err != nil {
		return r, fmt.Errorf("read votes: %w", err)
	}
	asked = slices.DeleteFunc(asked, func(u Unanswered) bool { return u.At.After(until) })
	votes = slices.DeleteFunc(votes, func(v Vote) bool { return v.At.After(until) })
	r.Unanswered, r.Votes = len(asked), len(votes)
	r.Groups = groupQuestions(asked)
	r.Cards = downVoted(votes, set)
	return r, nil
}

// downVoted counts votes per card and keeps the cards with a 👎.
func downVoted(votes []Vote, set *knowledge.Set) []CardVotes {
	byCard := map[string]*CardVotes{}
	var order []string
	for _, v := range votes {
		c := byCard[v.CardID]
		if c == nil {
			c = &CardVotes{CardID: v.CardID}
			if set != nil {
				if card, err := set.Card(v.CardID); err == nil {
					c.Title = card.Title
				}
			}
			byCard[v.CardID] = c
			order = append(order, v.CardID)
		}
		if v.Value == VoteDown {
			c.Down++
		} else {
			c.Up++
		}
	}
	out := []CardVotes{}
	for _, id := range order {
		if c := byCard[id]; c.Down > 0 {
			out = append(out, *c)
		}
	}
	slices.SortStableFunc(out, func(a, b CardVotes) int {
		if a.Down != b.Down {
			return b.Down - a.Down
		}
		if a.Up != b.Up {
			return a.Up - b.Up
		}
		return strings.Compare(a.CardID, b.CardID)
	})
	return out
}

// questionGroup is a group being built.
type questionGroup struct {
	members []Unanswered
	words   [][]string
}

// groupQuestions groups questions by normalised word overlap, oldest
// first: a question joins the group holding its most similar question,
// if that is similar enough. Questions without text are grouped by their
// closest card.
func groupQuestions(asked []Unanswered) []QuestionGroup {
	var groups []*questionGroup
	untold := map[string]*questionGroup{}
	var untoldOrder []string
	for _, u := range asked {
		if strings.TrimSpace(u.Question) == "" {
			g := untold[u.ClosestCard]
			if g == nil {
				g = &questionGroup{}
				untold[u.ClosestCard] = g
				untoldOrder = append(untoldOrder, u.ClosestCard)
			}
			g.members = append(g.members, u)
			continue
		}
		w := questionWords(u.Question)
		var best *questionGroup
		bestSim := 0.0
		for _, g := range groups {
			for i, gw := range g.words {
				sim := overlap(w, gw)
				if len(w) == 0 || len(gw) == 0 {
					sim = 0
					if sameText(u.Question, g.members[i].Question) {
						sim = 1
					}
				}
				alike := sim >= 0.5 || sim >= 0.25 && u.ClosestCard != "" && u.ClosestCard == g.members[i].ClosestCard
				if alike && sim > bestSim {
					best, bestSim = g, sim
				}
			}
		}
		if best == nil {
			best = &questionGroup{}
			groups = append(groups, best)
		}
		best.members = append(best.members, u)
		best.words = append(best.words, w)
	}
	for _, card := range untoldOrder {
		groups = append(groups, untold[card])
	}
	out := make([]QuestionGroup, 0, len(groups))
	for _, g := range groups {
		out = append(out, g.summary())
	}
	slices.SortStableFunc(out, func(a, b QuestionGroup) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return b.Last.Compare(a.Last)
	})
	return out
}

// summary counts a group and picks its closest card and examples.
func (g *questionGroup) summary() QuestionGroup {
	s := QuestionGroup{Count: len(g.members), Examples: []Example{}}
	cards := map[string]int{}
	texts := map[string]int{} // normalised text -> index in s.Examples
	for _, u := range g.members {
		if u.At.After(s.Last) {
			s.Last = u.At
		}
		if u.ClosestCard != "" {
			cards[u.ClosestCard]++
			if cards[u.ClosestCard] > cards[s.ClosestCard] {
				s.ClosestCard = u.ClosestCard
			}
		}
		if u.Question == "" {
			continue
		}
		key := strings.Join(strings.Fields(strings.ToLower(u.Question)), " ")
		if i, ok := texts[key]; ok {
			s.Examples[i].Count++
			continue
		}
		texts[key] = len(s.Examples)
		s.Examples = append(s.Examples, Example{Text: printable(u.Question), Count: 1})
	}
	slices.SortStableFunc(s.Examples, func(a, b Example) int { return b.Count - a.Count })
	if len(s.Examples) > maxExamples {
		s.Examples = s.Examples[:maxExamples]
	}
	return s
}

// printable is a question as a curator's terminal may show it: control
// characters (escape sequences included) become spaces, runs of space
// one, and a long question is cut at a word.
func printable(q string) string {
	q = strings.Join(strings.Fields(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return ' '
		}
		return r
	}, q)), " ")
	if r := []rune(q); len(r) > maxExampleLen {
		cut := string(r[:maxExampleLen])
		if i := strings.LastIndex(cut, " "); i > maxExampleLen/2 {
			cut = cut[:i]
		}
		q = cut + "…"
	}
	return q
}

func sameText(a, b string) bool {
	return strings.Join(strings.Fields(strings.ToLower(a)), " ") == strings.Join(strings.Fields(strings.ToLower(b)), " ")
}

// stopWords say nothing about what a question is about.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the and or but of to in on at for from by with about into as is are was
		were be been being do does did done how what why when where which who whom whose can could should would
		will shall may might must i me my we our you your it its this that these those there their they them
		vs versus between difference explain tell work works mean means use using used please hi hello thanks`) {
		m[w] = true
	}
	return m
}()

// questionWords are a question's distinct words, lower-cased, without
// stop words and with a plural s dropped, sorted.
func questionWords(q string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(q), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if stopWords[w] {
			continue
		}
		if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
			w = w[:len(w)-1]
		}
		out = append(out, w)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// overlap is the Jaccard similarity of two sorted word sets.
func overlap(a, b []string) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 0
	}
	common, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch strings.Compare(a[i], b[j]) {
		case 0:
			common++
			i++
			j++
		case -1:
			i++
		default:
			j++
		}
	}
	return float64(common) / float64(len(a)+len(b)-common)
}
