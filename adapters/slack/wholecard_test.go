package slack

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/slack-go/slack"
)

// TestWholeCardsFit renders the whole view of every shipped card, the
// longest included, as Block Kit: every block within Slack's limits, the
// card's sections all there, nothing cut mid-word or inside a diagram.
func TestWholeCardsFit(t *testing.T) {
	b := realBot(t)
	longest, longestLen := "", 0
	for _, c := range shipped.Set().Cards() {
		r := b.Handle(context.Background(), b.Parse("topic "+c.ID))
		blocks := render(r)
		if len(blocks) > maxBlocks {
			t.Errorf("%s: %d blocks; Slack allows %d", c.ID, len(blocks), maxBlocks)
		}
		var all strings.Builder
		for _, bl := range blocks {
			s, ok := bl.(*slack.SectionBlock)
			if !ok || s.Text == nil {
				continue
			}
			text := s.Text.Text
			if n := utf8.RuneCountInString(text); n > maxSectionText {
				t.Errorf("%s: a section of %d characters; Slack allows %d", c.ID, n, maxSectionText)
			}
			if strings.Count(text, "```")%2 != 0 {
				t.Errorf("%s: a section cuts a diagram in two:\n%s", c.ID, text)
			}
			if strings.HasSuffix(strings.TrimSpace(text), "…") {
				t.Errorf("%s: a section was clipped:\n%s", c.ID, text)
			}
			all.WriteString(text + "\n")
		}
		for _, s := range c.Sections() {
			if s.Name != "Key points" && !strings.Contains(all.String(), "*"+s.Name+"*") {
				t.Errorf("%s: the whole card lacks the section %q", c.ID, s.Name)
			}
		}
		if n := len(r.Text); n > longestLen {
			longest, longestLen = c.ID, n
		}
	}
	t.Logf("longest whole card: %s, %d bytes of text", longest, longestLen)
}
