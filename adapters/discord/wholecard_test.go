package discord

import (
	"context"
	"strings"
	"testing"
)

// TestWholeCardsFit renders the whole view of every shipped card, the
// longest included, as a Discord embed: within every embed limit, with
// nothing cut short and every section there.
func TestWholeCardsFit(t *testing.T) {
	b := realBot(t)
	for _, c := range shipped.Set().Cards() {
		r := b.Handle(context.Background(), b.Parse("topic "+c.ID))
		e := renderEmbed(r)
		total := textLen(e.Title) + textLen(e.Description)
		if e.Footer != nil {
			total += textLen(e.Footer.Text)
		}
		var all strings.Builder
		all.WriteString(e.Description + "\n")
		if textLen(e.Description) > maxDescription {
			t.Errorf("%s: description of %d; Discord allows %d", c.ID, textLen(e.Description), maxDescription)
		}
		if len(e.Fields) > maxFields {
			t.Errorf("%s: %d fields; Discord allows %d", c.ID, len(e.Fields), maxFields)
		}
		for _, f := range e.Fields {
			total += textLen(f.Name) + textLen(f.Value)
			if textLen(f.Value) > maxFieldValue {
				t.Errorf("%s: a field value of %d; Discord allows %d", c.ID, textLen(f.Value), maxFieldValue)
			}
			if strings.HasSuffix(f.Value, "…") {
				t.Errorf("%s: field %q was cut short", c.ID, f.Name)
			}
			all.WriteString(f.Value + "\n")
		}
		if total > maxEmbed {
			t.Errorf("%s: embed of %d characters; Discord allows %d", c.ID, total, maxEmbed)
		}
		for _, s := range c.Sections() {
			if s.Name != "Key points" && !strings.Contains(all.String(), "**"+s.Name+"**") {
				t.Errorf("%s: the whole card lacks the section %q", c.ID, s.Name)
			}
		}
	}
}
