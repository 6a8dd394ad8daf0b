package knowledge

import "context"

// AnswerIn answers q said in a conversation about the card topicID: the
// card the bot last answered in that thread or direct message ("" for
// none). A question answered on its own gets that answer, since the asker
// may have moved to another topic. A question refused on its own that
// shares a telling word with the conversation's card is taken as a
// follow-up ("can it remove items?" under an answer on Bloom filters) and
// answered from that card, with the part of it that holds most of the
// question's words. Follow-ups say too little to be answered alone:
// about a quarter of the answerable questions the real-question check
// refused were follow-ups in a thread, whose card only the thread told.
func (x *Index) AnswerIn(ctx context.Context, q, topicID string) (*Answer, error) {
	a, err := x.Answer(ctx, q)
	if err != nil || a.Answered || a.Foreign || topicID == "" {
		return a, err
	}
	c, err := x.set.Card(topicID)
	if err != nil {
		return a, nil
	}
	p := x.prepare(a.Query)
	if !x.sharesWord(c.ID, p) {
		return a, nil
	}
	f := *a // a may be the cache's: copied, not changed
	f.Answered, f.FollowUp, f.Card = true, true, c
	f.Passage = x.passage(c, p.terms)
	return &f, nil
}

// sharesWord reports whether card id has one of the question's telling
// words that some card uses (a word no card has says nothing of the
// topic).
func (x *Index) sharesWord(id string, p prepared) bool {
	for _, t := range p.terms {
		if x.df[t.stem] > 0 && x.termMatch(id, t, p) > 0 {
			return true
		}
	}
	return false
}
