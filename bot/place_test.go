package bot

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestDMReplies: commands about a channel say, in a DM, that they work in
// a channel, instead of advising to subscribe "this channel".
func TestDMReplies(t *testing.T) {
	b, _, _ := studyBot(t, time.Date(2026, 3, 3, 10, 0, 0, 0, time.UTC))
	for _, kind := range []PlaceKind{PlaceDM, PlaceGroupDM} {
		for _, text := range []string{"progress", "leaderboard", "subscribe time:09:00 tz:UTC", "unsubscribe", "quiz track"} {
			t.Run(string(kind)+"/"+text, func(t *testing.T) {
				req := b.Parse(text)
				req.Platform, req.Channel, req.User, req.CanManage = "slack", "D1", User{ID: "U1"}, true
				req.Workspace, req.Place = "T1", Place{Kind: kind}
				r := b.Handle(context.Background(), req)
				if r.Kind != KindError || !strings.Contains(r.Text, "DM") {
					t.Errorf("%s in a DM = %+v; want a refusal that speaks of the DM", text, r)
				}
				if strings.Contains(r.Text, "subscribe time") || strings.Contains(r.Text, "This channel") {
					t.Errorf("%s in a DM = %q; want no advice about this channel", text, r.Text)
				}
			})
		}
	}
	req := b.Parse("ask what is a bloom filter")
	req.Platform, req.Channel, req.Place = "slack", "D1", Place{Kind: PlaceDM}
	if r := b.Handle(context.Background(), req); r.Kind != KindAnswer {
		t.Errorf("ask in a DM = %+v; want an answer", r)
	}
	req = b.Parse("progress")
	req.Platform, req.Workspace, req.Channel, req.Place = "slack", "T1", "C1", Place{Kind: PlaceChannel}
	if r := b.Handle(context.Background(), req); !strings.Contains(r.Text, "subscribe") {
		t.Errorf("progress in a channel without a subscription = %q; want the advice to subscribe", r.Text)
	}
}
