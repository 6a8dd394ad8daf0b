package store

import (
	"context"
	"testing"
	"time"

	"github.com/sdbot/sdbot/bot"
)

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"ann", "ann"},
		{"a\x00nn\x00", "ann"},
		{"\x00", ""},
		{"caf\xe9", "caf\uFFFD"},
		{"Zoë 🦀", "Zoë 🦀"},
	}
	for _, tt := range tests {
		if got := clean(tt.in); got != tt.want {
			t.Errorf("clean(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// TestPlatformText stores text with NUL bytes and invalid UTF-8, which a
// platform may pass on, and reads it back the same way from both
// databases: cleaned on the way in, and found again by the same raw key.
func TestPlatformText(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	eachBackend(t, func(t *testing.T, b backend) {
		s := b.openAt(t, b.target(t))
		sub := bot.Subscription{ID: "slack:T\x001:C1", Platform: "slack", Workspace: "T\x001", Channel: "C1",
			Time: "09:30", TZ: "UTC", Days: bot.EveryDay, Track: "data\xffbases", CreatedBy: "U\x001", CreatedAt: at, UpdatedAt: at}
		if err := s.PutSubscription(ctx, sub); err != nil {
			t.Fatalf("PutSubscription: %v", err)
		}
		got, err := s.Subscription(ctx, sub.ID)
		if err != nil {
			t.Fatalf("Subscription(%q): %v", sub.ID, err)
		}
		if got.ID != "slack:T1:C1" || got.Workspace != "T1" || got.Track != "data\uFFFDbases" || got.CreatedBy != "U1" {
			t.Errorf("Subscription = %+v; want the text without NUL bytes and with U+FFFD", got)
		}
		a := bot.QuizAnswer{Scope: got.ID, QuizID: "q", Round: "r", UserID: "U\x002", UserName: "a\x00nn\xfe", At: at, Date: "2026-03-02"}
		if ok, err := s.RecordAnswer(ctx, a); !ok || err != nil {
			t.Fatalf("RecordAnswer = %v, %v", ok, err)
		}
		answers, err := s.QuizAnswers(ctx, got.ID, "q", "r")
		if err != nil || len(answers) != 1 || answers[0].UserID != "U2" || answers[0].UserName != "ann\uFFFD" {
			t.Errorf("QuizAnswers = %+v, %v; want U2 named ann\uFFFD", answers, err)
		}
		if err := s.MarkPosted(ctx, sub.ID, "2026-03-02", "m\x00", "boom\x00"); err != nil {
			t.Errorf("MarkPosted: %v", err)
		}
		if ok, err := s.DeleteSubscription(ctx, sub.ID); !ok || err != nil {
			t.Errorf("DeleteSubscription(%q) = %v, %v; want true", sub.ID, ok, err)
		}
	})
}
