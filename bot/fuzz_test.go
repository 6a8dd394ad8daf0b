package bot

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse feeds arbitrary command text through Parse and Handle: nothing
// may panic, options must come from the command's declared names, and a
// reply always says something.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"", "ask how does consistent hashing work", "subscribe time:09:00 tz:Europe/Berlin days:mon-fri track:databases",
		"topic consistnt-hashing", "quiz mine", "leaderboard all", "answer bloom-filter.0.abcd:20260302:1",
		"subscribe time:: tz:", "help ask", "\xff\xfe", "ASK  x:y:z", "list caching",
	} {
		f.Add(s)
	}
	b := testBotF(f)
	f.Fuzz(func(t *testing.T, text string) {
		req := b.Parse(text)
		if !utf8.ValidString(req.Command) || !utf8.ValidString(req.Text) {
			t.Fatalf("Parse(%q) produced invalid UTF-8: %+v", text, req)
		}
		if cmd, ok := b.Command(req.Command); ok {
			for k := range req.Options {
				if !cmd.hasOption(k) {
					t.Fatalf("Parse(%q) invented option %q", text, k)
				}
			}
		}
		req.Platform, req.Channel, req.User = "slack", "C1", User{ID: "U1"}
		if req.Command == "random" || req.Command == "today" {
			return // random output; covered by unit tests
		}
		r := b.Handle(context.Background(), req)
		if strings.TrimSpace(r.Title+r.Text) == "" {
			t.Fatalf("Handle(%q) said nothing: %+v", text, r)
		}
	})
}

func testBotF(f *testing.F) *Bot {
	f.Helper()
	indexOnce.Do(buildShipped)
	if indexErr != nil {
		f.Fatal(indexErr)
	}
	return New(shipped, WithStore(newMemStore()))
}
