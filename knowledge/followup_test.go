package knowledge

import (
	"context"
	"testing"
)

func TestAnswerIn(t *testing.T) {
	x := shippedIndex(t)
	ctx := context.Background()
	const topic = "bloom-filter"
	followUps := []string{
		"can it remove items?",
		"how do I size it for a billion keys?",
		"how would I pick the number of hashes for it?",
	}
	refused := 0
	for _, q := range followUps {
		alone, err := x.Answer(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		in, err := x.AnswerIn(ctx, q, topic)
		if err != nil {
			t.Fatal(err)
		}
		if alone.Answered {
			if in.FollowUp || in.Card != alone.Card {
				t.Errorf("AnswerIn(%q) = %s (follow-up %v); answered alone with %s, it should stay so", q, in.Card.ID, in.FollowUp, alone.Card.ID)
			}
			continue
		}
		refused++
		if !in.Answered || !in.FollowUp || in.Card == nil || in.Card.ID != topic || in.Passage == "" {
			t.Errorf("AnswerIn(%q, %s) = answered %v, follow-up %v, passage %q; want the conversation's card", q, topic, in.Answered, in.FollowUp, in.Passage)
		}
		if again, _ := x.Answer(ctx, q); again.Answered || again.FollowUp {
			t.Errorf("Answer(%q) after AnswerIn = answered %v, follow-up %v; the cached answer was changed", q, again.Answered, again.FollowUp)
		}
	}
	if refused == 0 {
		t.Fatalf("none of %q is refused alone, so nothing here tests a follow-up; pick vaguer ones", followUps)
	}

	// A whole question on another topic keeps its own answer.
	q := "how does consistent hashing work"
	in, err := x.AnswerIn(ctx, q, topic)
	if err != nil || !in.Answered || in.FollowUp || in.Card.ID != "consistent-hashing" {
		t.Errorf("AnswerIn(%q, %s) = %+v, %v; want consistent-hashing, not a follow-up", q, topic, in, err)
	}

	// Nothing in common with the card, no card, an unknown card, another
	// script: refused as alone.
	for _, tt := range []struct{ q, topic string }{
		{"thanks!", topic},
		{"what's for lunch today?", topic},
		{"can it remove items?", ""},
		{"can it remove items?", "no-such-card"},
		{"можно ли удалять элементы?", topic},
	} {
		alone, err := x.Answer(ctx, tt.q)
		if err != nil {
			t.Fatal(err)
		}
		in, err := x.AnswerIn(ctx, tt.q, tt.topic)
		if err != nil {
			t.Fatal(err)
		}
		if alone.Answered {
			t.Fatalf("Answer(%q) is answered alone; the case needs a refused question", tt.q)
		}
		if in.Answered || in.FollowUp {
			t.Errorf("AnswerIn(%q, %q) answered with %v; want refused, as alone", tt.q, tt.topic, in.Card)
		}
	}
}
