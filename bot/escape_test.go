package bot

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestUserTextQuotedLiterally checks that text a user typed comes back
// escaped wherever a reply quotes it, so no platform turns it into a link,
// a mention or formatting, and that long text is quoted short.
func TestUserTextQuotedLiterally(t *testing.T) {
	b, _, _ := studyBot(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	tests := []struct {
		text string
		want string // escaped quote in the reply
	}{
		{"topic [click me](!channel)", `"\[click me\]\(!channel\)"`},
		{"topic [boss](@U0VICTIM1)", `"\[boss\]\(\@U0VICTIM1\)"`},
		{"quiz **x** ||spoiler||", `"\*\*x\*\* \|\|spoiler\|\|"`},
		{"random `code`", `"\` + "`" + `code\` + "`" + `"`},
		{"leaderboard <@U1>", `"\<\@u1\>"`},
		{"qiuz [x](!here)", `"qiuz"`},
		{"help [x](!here)", `"\[x\]\(!here\)"`},
		{"topic " + strings.Repeat("y", 500), `"` + strings.Repeat("y", maxQuoted-1) + `…"`},
	}
	for _, tt := range tests {
		t.Run(tt.text[:min(len(tt.text), 30)], func(t *testing.T) {
			req := b.Parse(tt.text)
			req.Platform, req.Workspace, req.Channel, req.User = "slack", "T1", "C1", User{ID: "U9"}
			r := b.Handle(context.Background(), req)
			if r.Kind != KindError || !strings.Contains(r.Text, tt.want) {
				t.Errorf("Handle(%.40q) = %q; want it to quote %s", tt.text, r.Text, tt.want)
			}
		})
	}
}

func TestLiteral(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain words, 09:30 - mon-fri.", "plain words, 09:30 - mon-fri."},
		{`a\b`, `a\\b`},
		{"two\nlines\ttab", "two lines tab"},
		{"~~x~~ _y_", `\~\~x\~\~ \_y\_`},
	}
	for _, tt := range tests {
		if got := literal(tt.in); got != tt.want {
			t.Errorf("literal(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
