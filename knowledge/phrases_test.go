package knowledge

import (
	"context"
	"testing"
)

func TestLoadPhrasesRejectsBadLists(t *testing.T) {
	rejects(t, map[string]string{
		"not yaml": "idempotency: [",
		"empty":    "idempotency:\n  - \"\"\n",
		"too long": "idempotency:\n  - a customer clicked pay again and was billed twice for it\n",
		"twice":    "idempotency:\n  - billed twice\nsaga-pattern:\n  - billed twice\n",
	}, "phrasings", func(data []byte) error {
		_, err := loadPhrases(data)
		return err
	})
}

// Every shipped card has its everyday phrasings, and every list belongs to
// a shipped card (a renamed card must take its phrasings along).
func TestPhrasingsCoverShippedCards(t *testing.T) {
	list, err := loadPhrases(phrasesYAML)
	if err != nil {
		t.Fatal(err)
	}
	set := shippedSet(t)
	for _, c := range set.Cards() {
		if n := len(list[c.ID]); n < 5 {
			t.Errorf("%s: %d phrasings, want at least 5", c.ID, n)
		}
	}
	for id := range list {
		if _, err := set.Card(id); err != nil {
			t.Errorf("phrasings for %s, which is no shipped card", id)
		}
	}
}

// A question worded the way people describe their situation reaches the
// card through its phrasings; without them the card's own words miss it.
func TestPhrasingsReachTheCard(t *testing.T) {
	set := shippedSet(t)
	for _, tc := range []struct{ q, want string }{
		{"how do I stop a duplicate form submission", "idempotency"},
		{"our nginx ip hash sends everyone to one box", "sticky-sessions"},
		{"should uploads go through a pre-signed upload url", "object-storage"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			top := func(data []byte) string {
				x, err := newIndex(set, data)
				if err != nil {
					t.Fatal(err)
				}
				defer x.Close()
				// without what is learned from the labelled questions,
				// which reach some of these cards too: a pre-signed
				// upload is in a labelled question about object storage
				withoutLearnedRanking(x)
				a, err := x.Answer(context.Background(), tc.q)
				if err != nil || len(a.Results) == 0 {
					t.Fatalf("Answer(%q) = %v, %v", tc.q, a, err)
				}
				return a.Results[0].Card.ID
			}
			if got := top(phrasesYAML); got != tc.want {
				t.Errorf("with phrasings %q ranks %s first, want %s", tc.q, got, tc.want)
			}
			if got := top(nil); got == tc.want {
				t.Errorf("without phrasings %q ranks %s first too: the case shows nothing", tc.q, got)
			}
		})
	}
}

// A phrasing is a few words, so one word in common with a question is no
// sign that the question paraphrases it; two words are.
func TestPhrasingNeedsTwoSharedWords(t *testing.T) {
	set := shippedSet(t)
	x, err := newIndex(set, []byte("design-parking-lot:\n  - zebra crossing timetable\n"))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	sim := func(q string) float64 {
		return x.similarity("design-parking-lot", x.simQuery(x.prepare(q).terms))
	}
	if got := sim("zebra stripes"); got != 0 {
		t.Errorf("one shared word: similarity %.2f, want 0", got)
	}
	if got := sim("zebra crossing lights"); got <= 0.3 {
		t.Errorf("two shared words: similarity %.2f, want a close match", got)
	}
}

// shippedSet loads the shipped cards, failing the test on any problem.
func shippedSet(t *testing.T) *Set {
	t.Helper()
	set, errs := Load()
	if len(errs) > 0 {
		t.Fatal(errs[0])
	}
	return set
}
