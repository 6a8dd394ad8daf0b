package console

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/sdbot/sdbot/bot"
)

func TestRender(t *testing.T) {
	r := bot.Reply{
		Title:   "Bloom filters",
		Text:    "A **compact** set with `false positives`.",
		Fields:  []bot.Field{{Name: "Key points", Value: "• one\n• two"}},
		Buttons: []bot.Button{{Label: "LSM tree", Action: "topic", Value: "lsm-tree"}},
		Footer:  "Sources: [Bloom 1970](https://doi.org/10.1145/362686.362692). `/sd list` shows more.",
	}
	var b bytes.Buffer
	if err := RenderWidth(&b, r, 80); err != nil {
		t.Fatal(err)
	}
	want := "Bloom filters\n=============\nA compact set with false positives.\n\nKey points:\n  • one\n  • two\n\nSee also: sdbot topic lsm-tree\n\nSources: Bloom 1970 <https://doi.org/10.1145/362686.362692>. sdbot list shows\nmore.\n"
	if b.String() != want {
		t.Errorf("Render =\n%s\nwant\n%s", b.String(), want)
	}
}

// TestRenderWraps: prose and list items wrap at the width, list items
// hang under their text, and diagrams keep their lines.
func TestRenderWraps(t *testing.T) {
	r := bot.Reply{
		Text: "one two three four five six seven eight nine ten eleven twelve\n" +
			"- alpha beta gamma delta epsilon zeta eta theta iota kappa\n" +
			"```\n+--------------------------------------------------+\n```",
	}
	var b bytes.Buffer
	if err := RenderWidth(&b, r, 30); err != nil {
		t.Fatal(err)
	}
	want := "one two three four five six\nseven eight nine ten eleven\ntwelve\n" +
		"- alpha beta gamma delta\n  epsilon zeta eta theta iota\n  kappa\n" +
		"+--------------------------------------------------+\n"
	if b.String() != want {
		t.Errorf("RenderWidth(30) =\n%s\nwant\n%s", b.String(), want)
	}
	for _, line := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
		if len([]rune(line)) > 30 && !strings.HasPrefix(line, "+") {
			t.Errorf("line %q is wider than 30 columns", line)
		}
	}
}

func TestRenderJSON(t *testing.T) {
	var b bytes.Buffer
	if err := RenderJSON(&b, bot.Reply{Title: "a<b", Kind: bot.KindAnswer, Ephemeral: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"title": "a<b"`) {
		t.Errorf("HTML escaped or wrong: %s", b.String())
	}
	var back bot.Reply
	if err := json.Unmarshal(b.Bytes(), &back); err != nil || back.Title != "a<b" || !back.Ephemeral || back.Kind != bot.KindAnswer {
		t.Errorf("round trip = %+v, %v", back, err)
	}
}

func TestPlainShowsEscapedTextAsTyped(t *testing.T) {
	tests := []struct{ in, want string }{
		{`There is no topic "\[click me\]\(!channel\)".`, `There is no topic "[click me](!channel)".`},
		{`"\*\*x\*\* \` + "`" + `y\` + "`" + `" and **bold** ` + "`/sd list`", `"**x** ` + "`" + `y` + "`" + `" and bold sdbot list`},
		{"[Bloom 1970](https://doi.org/x)", "Bloom 1970 <https://doi.org/x>"},
	}
	for _, tt := range tests {
		if got := plain(tt.in); got != tt.want {
			t.Errorf("plain(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// TestRenderFits80Columns: long paragraphs, list items and field lines
// wrap at 80 columns with their indentation kept; a URL is never broken.
func TestRenderFits80Columns(t *testing.T) {
	long := "Kafka stores each topic as partitioned, replicated, append-only logs. Producers append by key, consumers read at their own offsets."
	url := "https://example.com/" + strings.Repeat("x", 90)
	r := bot.Reply{
		Title:  "Kafka",
		Text:   long + "\n\n- **Topics and partitions.** " + long,
		Fields: []bot.Field{{Name: "Key points", Value: "• " + long}},
		Buttons: []bot.Button{
			{Action: "topic", Value: "message-queue-evolution"}, {Action: "topic", Value: "message-delivery-semantics"},
			{Action: "topic", Value: "event-driven-architecture"},
		},
		Footer: "Sources: [Kafka docs](" + url + ")",
	}
	var b bytes.Buffer
	if err := RenderWidth(&b, r, 80); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, line := range strings.Split(out, "\n") {
		if len([]rune(line)) > 80 && !strings.Contains(line, url) {
			t.Errorf("line wider than 80 columns: %q", line)
		}
	}
	if !strings.Contains(out, "- Topics and partitions. Kafka stores each topic as partitioned, replicated,\n  append-only") {
		t.Errorf("list item does not hang under its text:\n%s", out)
	}
	if !strings.Contains(out, "  • Kafka stores each topic as partitioned, replicated, append-only logs.\n    Producers") {
		t.Errorf("field bullet does not hang under its text:\n%s", out)
	}
	if !strings.Contains(out, "See also:\n  sdbot topic message-queue-evolution\n  sdbot topic message-delivery-semantics\n") {
		t.Errorf("long See also line breaks a command:\n%s", out)
	}
	if !strings.Contains(out, "<"+url+">") {
		t.Errorf("URL broken:\n%s", out)
	}
}

func TestRenderMentions(t *testing.T) {
	var b strings.Builder
	r := bot.Reply{Text: "1. " + bot.UserMention("U1").String() + " in " + bot.ChannelMention("C2").String()}
	if err := RenderWidth(&b, r, 80); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "1. @U1 in #C2") {
		t.Errorf("Render = %q; want @U1 and #C2", b.String())
	}
}
