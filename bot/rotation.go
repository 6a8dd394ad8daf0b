package bot

import (
	"fmt"
	"hash/fnv"
	"slices"
	"strings"

	"github.com/sdbot/sdbot/knowledge"
)

// trackCards resolves a track to its card ids, in posting order before
// any per-channel shuffle: "" is every card, a category name is that
// category, and a comma-separated list is those ids in that order.
func trackCards(set *knowledge.Set, track string) (ids []string, ordered bool, err error) {
	track = strings.TrimSpace(track)
	switch {
	case track == "":
		for _, c := range set.Cards() {
			ids = append(ids, c.ID)
		}
		return ids, false, nil
	case knowledge.IsCategory(track):
		for _, c := range set.InCategory(track) {
			ids = append(ids, c.ID)
		}
		if len(ids) == 0 {
			return nil, false, fmt.Errorf("category %s has no topics", quote(track))
		}
		return ids, false, nil
	}
	seen := map[string]bool{}
	for _, id := range strings.Split(track, ",") {
		id = strings.TrimSpace(id)
		if id == "" || seen[id] {
			continue
		}
		if _, err := set.Card(id); err != nil {
			return nil, false, fmt.Errorf("there is no category or topic %s", quote(id))
		}
		seen[id] = true
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return nil, false, fmt.Errorf("the track is empty")
	}
	return ids, true, nil
}

// channelOrder shuffles ids in an order that is stable for one channel and
// different between channels, so two teams on the same track do not study
// the same topic every day.
func channelOrder(channel string, ids []string) []string {
	key := func(id string) uint64 {
		h := fnv.New64a()
		h.Write([]byte(channel))
		h.Write([]byte{0})
		h.Write([]byte(id))
		return h.Sum64()
	}
	out := slices.Clone(ids)
	slices.SortFunc(out, func(a, b string) int {
		ka, kb := key(a), key(b)
		switch {
		case ka < kb:
			return -1
		case ka > kb:
			return 1
		}
		return strings.Compare(a, b)
	})
	return out
}

// nextCard picks the card for a channel's next post: the first card of its
// order not yet posted in the current cycle, starting a new cycle once the
// track is used up. Every replica computes the same answer from the same
// history.
func nextCard(channel string, ids []string, ordered bool, history []Post) (string, int) {
	order := ids
	if !ordered {
		order = channelOrder(channel, ids)
	}
	cycle := 0
	for _, p := range history {
		cycle = max(cycle, p.Cycle)
	}
	used := map[string]bool{}
	for _, p := range history {
		if p.Cycle == cycle {
			used[p.CardID] = true
		}
	}
	for _, id := range order {
		if !used[id] {
			return id, cycle
		}
	}
	return order[0], cycle + 1
}
